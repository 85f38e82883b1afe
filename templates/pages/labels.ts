/**
 * The words pages show for the domain's values (docs/glossary.md): statuses, decisions, events, document kinds, people's
 * and agencies' names, and file sizes.
 */
import {
  type AgencyNames,
  type Language,
  type Visit,
  type VisitStatus,
  visitAgencyNames,
} from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange } from '#templates/words/dates.ts';
import { STATUS_LABELS } from '#templates/words/statuses.ts';
import { t } from './layout.ts';

export function statusLabel(status: VisitStatus, lang: Language): string {
  return STATUS_LABELS[status]?.[lang] ?? status;
}

/** The badge class of a status: waiting on someone, done, stopped, or in between. */
export function statusTone(status: VisitStatus): 'wait' | 'ok' | 'bad' | 'info' {
  if (status === 'APPROVED' || status === 'ARCHIVED') return 'ok';
  if (status === 'REJECTED' || status === 'EXPIRED' || status === 'FAILED' || status === 'CANCELLED')
    return 'bad';
  if (status.startsWith('AWAITING') || status.endsWith('CHANGES_REQUESTED')) return 'wait';
  return 'info';
}

export function statusBadge(status: VisitStatus, lang: Language): string {
  return `<span class="badge badge-${statusTone(status)}" data-status="${status}">${esc(statusLabel(status, lang))}</span>`;
}

const DECISIONS: Record<string, { vi: string; en: string }> = {
  approve: { vi: 'Phê duyệt', en: 'Approve' },
  changes: { vi: 'Yêu cầu chỉnh sửa', en: 'Request changes' },
  reject: { vi: 'Từ chối', en: 'Reject' },
  revised: { vi: 'Đã chỉnh sửa đề nghị', en: 'Revised the request' },
  recorded: { vi: 'Đã ghi biên bản', en: 'Recorded the minutes' },
};

/** The button word of a decision (Phê duyệt / Yêu cầu chỉnh sửa / Từ chối). */
export function decisionLabel(decision: string | undefined, lang: Language): string {
  return decision ? (DECISIONS[decision]?.[lang] ?? decision) : '';
}

/** The past tense of a decision, for records ("Đã phê duyệt"). */
export function decidedLabel(decision: string | undefined, lang: Language): string {
  switch (decision) {
    case 'approve':
      return t(lang, 'Đã phê duyệt', 'Approved');
    case 'changes':
      return t(lang, 'Đã yêu cầu chỉnh sửa', 'Changes requested');
    case 'reject':
      return t(lang, 'Đã từ chối', 'Rejected');
    default:
      return decisionLabel(decision, lang);
  }
}

const NOTICES: Record<string, { vi: string; en: string }> = {
  approvalRequest: { vi: 'đề nghị phê duyệt', en: 'approval request' },
  approvalReminder: { vi: 'nhắc việc phê duyệt', en: 'approval reminder' },
  escalation: { vi: 'chuyển cấp phê duyệt', en: 'escalation' },
  revisionRequest: { vi: 'yêu cầu chỉnh sửa', en: 'request for changes' },
  revisionReminder: { vi: 'nhắc việc chỉnh sửa', en: 'revision reminder' },
  approved: { vi: 'thông báo đã phê duyệt', en: 'approval notice' },
  rejected: { vi: 'thông báo từ chối', en: 'rejection notice' },
  expired: { vi: 'thông báo quá hạn', en: 'expiry notice' },
  minutesRequest: { vi: 'đề nghị lập biên bản', en: 'minutes request' },
  minutesReminder: { vi: 'nhắc việc lập biên bản', en: 'minutes reminder' },
  minutesChanges: { vi: 'yêu cầu chỉnh sửa biên bản', en: 'minutes sent back' },
  minutesSignoff: { vi: 'đề nghị chủ tọa duyệt biên bản', en: 'sign-off request' },
  minutesSignoffReminder: { vi: 'nhắc việc duyệt biên bản', en: 'sign-off reminder' },
  archived: { vi: 'thông báo lưu trữ', en: 'archive notice' },
  failed: { vi: 'thông báo lỗi xử lý', en: 'failure notice' },
  cancelled: { vi: 'thông báo hủy', en: 'cancellation notice' },
  rescheduled: { vi: 'thông báo đổi thời gian', en: 'reschedule notice' },
  reassignedAway: { vi: 'thông báo chuyển người phê duyệt', en: 'reassignment notice' },
  mailBounced: { vi: 'thông báo thư không đến được', en: 'undelivered-mail notice' },
};

/** What a notice is, as people call it ("đề nghị phê duyệt"); its kind when it has no name. */
export function noticeLabel(kind: string, lang: Language): string {
  return NOTICES[kind]?.[lang] ?? kind;
}

/** The turns of an action item's mail (domain/follow-up/items.ts). */
const TURNS: Record<string, { vi: string; en: string }> = {
  assigned: { vi: 'gửi liên kết cho người thực hiện', en: 'link sent to the owner' },
  reopened: { vi: 'báo người thực hiện nhiệm vụ được mở lại', en: 'owner told of the reopening' },
  before: { vi: 'nhắc trước thời hạn', en: 'reminder before the due date' },
  due: { vi: 'nhắc đúng thời hạn', en: 'reminder on the due date' },
  overdue: { vi: 'nhắc nhiệm vụ quá hạn', en: 'overdue reminder' },
};

/** The events of the changes to a visit (their texts name to whom, the dates, and why). */
const CHANGES: Record<string, { vi: string; en: string }> = {
  REASSIGNED: { vi: 'Chuyển người phê duyệt', en: 'Approval reassigned' },
  CANCELLED: { vi: 'Hủy chuyến công tác', en: 'Visit cancelled' },
  RESCHEDULED: { vi: 'Đổi thời gian chuyến công tác', en: 'Visit rescheduled' },
  RESENT: { vi: 'Gửi lại liên kết', en: 'Link sent again' },
};

const EVENTS: Record<string, { vi: string; en: string }> = {
  SUBMITTED: { vi: 'Gửi đề nghị làm việc', en: 'Request submitted' },
  AGENDA_DRAFTED: { vi: 'Lập dự thảo chương trình làm việc', en: 'Work programme drafted' },
  NOTICE_SENT: { vi: 'Gửi thư', en: 'Mail sent' },
  REMINDER_DUE: { vi: 'Đến hạn nhắc việc', en: 'Reminder due' },
  ESCALATED: { vi: 'Chuyển cấp trên', en: 'Escalated' },
  ...CHANGES,
  CHANGES_REQUESTED: { vi: 'Yêu cầu chỉnh sửa', en: 'Changes requested' },
  APPROVED: { vi: 'Chương trình được phê duyệt', en: 'Programme approved' },
  REJECTED: { vi: 'Đề nghị bị từ chối', en: 'Request rejected' },
  EXPIRED: { vi: 'Quá hạn', en: 'Expired' },
  MINUTES_DRAFTED: { vi: 'Lập dự thảo biên bản', en: 'Minutes drafted' },
  MINUTES_APPROVED: { vi: 'Chủ tọa duyệt biên bản', en: 'Minutes signed off' },
  MINUTES_CHANGES_REQUESTED: { vi: 'Chủ tọa yêu cầu chỉnh sửa biên bản', en: 'Minutes sent back' },
  DOCUMENT_ISSUED: { vi: 'Ban hành bản PDF/A', en: 'PDF/A copy issued' },
  ARCHIVED: { vi: 'Lưu trữ', en: 'Archived' },
  DOWNLOADED: { vi: 'Tải hồ sơ lưu trữ', en: 'Archive downloaded' },
  FAILED: { vi: 'Lỗi xử lý', en: 'Failed' },
  MAIL_BOUNCED: { vi: 'Thư không đến được', en: 'Mail not delivered' },
  MAIL_COMPLAINED: { vi: 'Người nhận đánh dấu thư là thư rác', en: 'Mail marked as spam by its recipient' },
  // an action item's steps: said before the action's number ("Nhắc việc nhiệm vụ 1")
  ACTION_CREATED: { vi: 'Bắt đầu theo dõi', en: 'Followed:' },
  ACTION_MAILED: { vi: 'Gửi thư về', en: 'Mail about' },
  ACTION_REMINDED: { vi: 'Nhắc việc', en: 'Reminder of' },
  ACTION_DONE: { vi: 'Hoàn thành', en: 'Done:' },
  ACTION_REOPENED: { vi: 'Mở lại', en: 'Reopened:' },
  REPORT_ISSUED: { vi: 'Lập báo cáo kết quả thực hiện', en: 'Follow-up report issued' },
};

/** What an event of the trail says, with its details (typed text escaped). */
export function eventText(
  e: { type: string; data?: Record<string, unknown> },
  lang: Language,
  names: (email: string) => string,
): string {
  const base = esc(EVENTS[e.type]?.[lang] ?? e.type);
  const d = e.data ?? {};
  if (e.type === 'NOTICE_SENT') {
    const kind = typeof d.notice === 'string' ? noticeLabel(d.notice, lang) : '';
    const to = Array.isArray(d.to) ? d.to.filter((x): x is string => typeof x === 'string').map(names) : [];
    return `${base}${kind ? `: ${esc(kind)}` : ''}${to.length ? ` ${t(lang, 'tới', 'to')} ${esc(to.join(', '))}` : ''}`;
  }
  if (e.type === 'MAIL_BOUNCED' || e.type === 'MAIL_COMPLAINED') {
    const to = typeof d.address === 'string' ? ` ${t(lang, 'tới', 'to')} ${esc(names(d.address))}` : '';
    const what = typeof d.notice === 'string' ? ` (${esc(noticeLabel(d.notice, lang))})` : '';
    return `${base}${to}${what}`;
  }
  if (e.type === 'DECIDED') {
    const what = decidedLabel(typeof d.decision === 'string' ? d.decision : undefined, lang);
    const comment = typeof d.comment === 'string' && d.comment ? ` — “${esc(d.comment)}”` : '';
    return `${esc(what)}${comment}`;
  }
  if (e.type in CHANGES) {
    // a change: to whom, to which dates, and why
    const to = d.to as { startDate?: string; endDate?: string } | undefined;
    const parts = [
      typeof d.toName === 'string' ? ` ${t(lang, 'cho', 'to')} ${esc(d.toName)}` : '',
      to?.startDate ? `: ${esc(dateRange(to.startDate, to.endDate ?? to.startDate))}` : '',
      typeof d.reason === 'string' && d.reason ? ` — “${esc(d.reason)}”` : '',
    ];
    return base + parts.join('');
  }
  if (
    ['AGENDA_DRAFTED', 'MINUTES_DRAFTED', 'REPORT_ISSUED', 'DOCUMENT_ISSUED'].includes(e.type) &&
    typeof d.number === 'string'
  )
    return `${base} (${t(lang, 'số', 'No.')} ${esc(d.number)})`;
  if (e.type.startsWith('ACTION_') && typeof d.actionId === 'string') {
    const n = `${t(lang, 'nhiệm vụ', 'action')} ${esc(d.actionId.slice(1))}`;
    const turn = typeof d.turn === 'string' ? (TURNS[d.turn]?.[lang] ?? d.turn) : '';
    const task = typeof d.task === 'string' ? `: ${esc(d.task)}` : '';
    const note = typeof d.note === 'string' && d.note ? ` — “${esc(d.note)}”` : '';
    return `${base} ${n}${turn ? ` (${esc(turn)})` : ''}${task}${note}`;
  }
  return base;
}

export function documentKindLabel(kind: string, lang: Language): string {
  if (kind === 'agenda') return t(lang, 'Chương trình làm việc', 'Work programme');
  if (kind === 'report') return t(lang, 'Báo cáo kết quả thực hiện', 'Follow-up report');
  return t(lang, 'Biên bản làm việc', 'Minutes of the working session');
}

/** A person known by name, for the pages that would otherwise show an address. */
export interface Named {
  email: string;
  name: string;
}

/** A person's name for an email among the people given (a visit's approvers, its owner), else the email. */
export function nameOf(email: string, known: readonly Named[] = []): string {
  if (email === 'system') return 'system';
  const lower = email.toLowerCase();
  for (const p of known) if (p.email.toLowerCase() === lower) return p.name;
  return email;
}

/** An agency's name in the page's language, among the agencies given (by id); else the id. */
export function agencyName(id: string, lang: Language, known: readonly AgencyNames[] = []): string {
  const a = known.find((x) => x.id === id);
  if (!a) return id;
  return lang === 'vi' ? a.name : a.nameEn;
}

/** The names a visit's pages show for its agencies: those they had when it was submitted. */
export function visitAgencies(visit: Pick<Visit, 'request' | 'agencies'>): AgencyNames[] {
  const { host, visiting } = visitAgencyNames(visit);
  return [host, visiting];
}

export function fileSize(bytes: number, lang: Language): string {
  const kb = Math.max(1, Math.round(bytes / 1024));
  return `${kb.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} KB`;
}
