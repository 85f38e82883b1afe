/**
 * The notices the lifecycle mails, in the visit's language: plain text that greets each recipient, says what is
 * asked of whom and by when, names the visit (title, the two agencies, the head of delegation, the dates and the
 * place) and carries the link (a notice that asks nothing links to the visit's page); and the same as simple HTML
 * that fits a phone (a button, the address beneath it wrapped), where everything people typed is escaped.
 */

import { peopleOf } from '#domain/agencies.ts';
import { vietnamWallTime } from '#domain/clock.ts';
import type { ComposeNotice, MailAttachment, NoticeContext, NoticeKind } from '#domain/ports.ts';
import type { Language } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, vnDate } from '#templates/words/dates.ts';
import { calendarAttachment, calendarCancelAttachment } from './calendar.ts';
import { changeParts, isChangeNotice, type Parts, resentLine } from './mail-changes.ts';
import { STATUS_LABELS } from './words/statuses.ts';

/** 17:00 ngày 24/08/2026, or 24/08/2026 17:00 (Vietnam time). */
function when(iso: string, lang: Language): string {
  const wall = vietnamWallTime(iso);
  if (!wall) return iso;
  const date = vnDate(wall.slice(0, 10));
  const time = wall.slice(11, 16);
  return lang === 'vi' ? `${time} ngày ${date}` : `${date} ${time} (Vietnam time)`;
}

/** The name of a person of the visit's agencies (approvers, deputies, secretaries) for an email; else the email. */
function personName(email: string, c: NoticeContext): string {
  const lower = email.toLowerCase();
  if (c.visit.owner.email.toLowerCase() === lower) return c.visit.owner.name;
  for (const p of [...peopleOf(c.host), ...peopleOf(c.visiting)])
    if (p.email.toLowerCase() === lower) return `${p.name} (${p.position})`;
  return email;
}

function parts(kind: NoticeKind, c: NoticeContext, lang: Language): Parts {
  if (isChangeNotice(kind)) return changeParts(kind, c, lang);
  const r = c.visit.request;
  const vi = lang === 'vi';
  const T = (viText: string, enText: string) => (vi ? viText : enText);
  const by = c.by ? personName(c.by, c) : '';
  const days = c.workingDays
    ? T(
        ` (${c.workingDays} ngày làm việc)`,
        ` (${c.workingDays} working day${c.workingDays === 1 ? '' : 's'})`,
      )
    : '';
  const deadline = c.deadline
    ? T(
        `Đề nghị xử lý trước ${when(c.deadline, lang)}${days}.`,
        `Please act by ${when(c.deadline, lang)}${days}.`,
      )
    : '';
  const number = c.documentNumber
    ? T(`Văn bản số ${c.documentNumber}.`, `Document No. ${c.documentNumber}.`)
    : '';
  const comment = c.comment ? T(`Ý kiến: ${c.comment}`, `Comment: ${c.comment}`) : '';
  const reminder = T('[Nhắc việc] ', '[Reminder] ');
  switch (kind) {
    case 'approvalRequest':
    case 'escalation':
    case 'approvalReminder':
      return {
        subject: T(
          `${kind === 'approvalReminder' ? reminder : ''}Đề nghị phê duyệt chương trình làm việc: ${r.title}`,
          `${kind === 'approvalReminder' ? reminder : ''}Approval requested: work programme “${r.title}”`,
        ),
        lines: [
          kind === 'approvalReminder'
            ? T(
                'Chương trình làm việc dưới đây vẫn đang chờ đồng chí phê duyệt.',
                'The work programme below is still waiting for your decision.',
              )
            : T(
                'Đề nghị đồng chí xem xét, phê duyệt dự thảo chương trình làm việc đón đoàn công tác dưới đây.',
                'Please review the draft work programme for the working delegation below and decide on it.',
              ),
          kind === 'escalation'
            ? T(
                'Người phê duyệt trước chưa xử lý trong thời hạn; đề nghị được chuyển đồng chí xem xét thay.',
                'The previous approver did not act in time; the request is escalated to you.',
              )
            : '',
          number,
          T(
            'Dự thảo được đính kèm thư này. Mở liên kết để xem và chọn: Phê duyệt, Yêu cầu chỉnh sửa hoặc Từ chối. Liên kết chỉ dùng được một lần.',
            'The draft is attached. Open the link to read it and choose: Approve, Request changes or Reject. The link works once.',
          ),
          deadline,
        ],
        action: T('Xem và phê duyệt', 'Review and decide'),
      };
    case 'revisionRequest':
    case 'revisionReminder':
      return {
        subject: T(
          `${kind === 'revisionReminder' ? reminder : ''}Yêu cầu chỉnh sửa đề nghị: ${r.title}`,
          `${kind === 'revisionReminder' ? reminder : ''}Changes requested: “${r.title}”`,
        ),
        lines: [
          T(
            'Người phê duyệt yêu cầu chỉnh sửa đề nghị làm việc dưới đây.',
            'The approver asks for changes to the visit request below.',
          ),
          comment,
          T(
            'Mở liên kết để chỉnh sửa và gửi lại; chương trình làm việc sẽ được lập lại và gửi phê duyệt.',
            'Open the link to change the request and send it again; the programme is then redrafted and sent for approval.',
          ),
          deadline,
        ],
        action: T('Chỉnh sửa đề nghị', 'Revise the request'),
      };
    case 'approved':
      return {
        action: T('Xem hồ sơ chuyến công tác', 'Open the visit'),
        subject: T(`Đã phê duyệt chương trình làm việc: ${r.title}`, `Work programme approved: “${r.title}”`),
        lines: [
          T(
            'Chương trình làm việc dưới đây đã được phê duyệt.',
            'The work programme below has been approved.',
          ),
          by ? T(`Người phê duyệt cuối: ${by}.`, `Final approval by ${by}.`) : '',
          number,
          T(
            'Chương trình đã duyệt và thư mời lịch (.ics) được đính kèm. Sau cuộc làm việc, thư ký cơ quan đón đoàn ghi biên bản.',
            "The approved programme and a calendar invitation (.ics) are attached. After the visit, the host agency's secretary records the minutes.",
          ),
        ],
      };
    case 'rejected':
      return {
        action: T('Xem hồ sơ chuyến công tác', 'Open the visit'),
        subject: T(`Đề nghị làm việc bị từ chối: ${r.title}`, `Visit request rejected: “${r.title}”`),
        lines: [
          T('Đề nghị làm việc dưới đây đã bị từ chối.', 'The visit request below has been rejected.'),
          by ? T(`Người từ chối: ${by}.`, `Rejected by ${by}.`) : '',
          comment,
        ],
      };
    case 'expired':
      return {
        action: T('Xem hồ sơ chuyến công tác', 'Open the visit'),
        subject: T(`Đề nghị làm việc đã quá hạn: ${r.title}`, `Visit request expired: “${r.title}”`),
        lines: [
          T(
            'Không có quyết định trong thời hạn; đề nghị làm việc dưới đây đã quá hạn. Nếu vẫn cần, vui lòng gửi đề nghị mới.',
            'No decision was made in time; the visit request below has expired. If it is still needed, send a new request.',
          ),
        ],
      };
    case 'minutesRequest':
    case 'minutesReminder':
    case 'minutesChanges':
      return {
        subject: T(
          `${kind === 'minutesReminder' ? reminder : ''}${kind === 'minutesChanges' ? 'Chủ tọa yêu cầu chỉnh sửa biên bản' : 'Đề nghị lập biên bản làm việc'}: ${r.title}`,
          `${kind === 'minutesReminder' ? reminder : ''}${kind === 'minutesChanges' ? 'Minutes sent back' : 'Minutes to record'}: “${r.title}”`,
        ),
        lines: [
          kind === 'minutesChanges'
            ? T(
                'Chủ tọa yêu cầu chỉnh sửa biên bản cuộc làm việc dưới đây.',
                'The chair sent back the minutes of the session below.',
              )
            : T(
                'Đề nghị đồng chí ghi biên bản cuộc làm việc với đoàn công tác dưới đây.',
                'Please record the minutes of the working session with the delegation below.',
              ),
          comment,
          T(
            'Mở liên kết (cần đăng nhập) để ghi biên bản; biên bản được gửi chủ tọa duyệt.',
            'Open the link (sign-in required) to record the minutes; they then go to the chair for sign-off.',
          ),
          deadline,
        ],
        action: T('Ghi biên bản', 'Record the minutes'),
      };
    case 'minutesSignoff':
    case 'minutesSignoffReminder':
      return {
        subject: T(
          `${kind === 'minutesSignoffReminder' ? reminder : ''}Đề nghị chủ tọa duyệt biên bản: ${r.title}`,
          `${kind === 'minutesSignoffReminder' ? reminder : ''}Minutes for your sign-off: “${r.title}”`,
        ),
        lines: [
          T(
            'Đề nghị đồng chí, với tư cách chủ tọa, duyệt biên bản cuộc làm việc dưới đây.',
            'As the chair, please sign off the minutes of the session below.',
          ),
          number,
          T(
            'Dự thảo biên bản được đính kèm. Mở liên kết để Phê duyệt hoặc Yêu cầu chỉnh sửa. Liên kết chỉ dùng được một lần.',
            'The draft minutes are attached. Open the link to approve them or request changes. The link works once.',
          ),
          deadline,
        ],
        action: T('Xem và duyệt biên bản', 'Review the minutes'),
      };
    case 'archived':
      return {
        action: T('Xem hồ sơ chuyến công tác', 'Open the visit'),
        subject: T(`Biên bản đã được lưu trữ: ${r.title}`, `Minutes archived: “${r.title}”`),
        lines: [
          T(
            'Biên bản cuộc làm việc dưới đây đã được chủ tọa duyệt và lưu trữ cùng chương trình làm việc; hồ sơ lưu trữ không thể sửa đổi.',
            'The minutes of the session below were signed off by the chair and archived with the programme; the archived file can no longer be changed.',
          ),
          c.visit.minutes
            ? T(`Chủ tọa: ${c.visit.minutes.chair.name}.`, `Chair: ${c.visit.minutes.chair.name}.`)
            : '',
        ],
      };
    case 'actionAssigned':
    case 'actionReopened':
    case 'actionReminder':
      return actionParts(kind, c, lang);
    case 'failed':
      return {
        action: T('Xem hồ sơ chuyến công tác', 'Open the visit'),
        subject: T(`Lỗi xử lý đề nghị làm việc: ${r.title}`, `Processing failed: “${r.title}”`),
        lines: [
          T(
            `Đề nghị làm việc dưới đây gặp lỗi xử lý (trạng thái: ${STATUS_LABELS[c.visit.status].vi}); lỗi đã được ghi nhận.`,
            `The visit request below could not be processed (status: ${STATUS_LABELS[c.visit.status].en}); the error is recorded.`,
          ),
          comment,
        ],
      };
  }
}

/** A task as a subject line quotes it: one line, shortened to a glance. */
function short(task: string): string {
  const line = task.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
}

/** The follow-up of an action item: its link, a reminder before, on or after its due date, its reopening. */
function actionParts(kind: NoticeKind, c: NoticeContext, lang: Language): Parts {
  const a = c.action;
  const T = (viText: string, enText: string) => (lang === 'vi' ? viText : enText);
  if (!a) throw new Error(`the ${kind} notice needs its action item`);
  const due = vnDate(a.due);
  const task = [
    T(`Nhiệm vụ: ${a.task}`, `Task: ${a.task}`),
    T(`Đơn vị, người thực hiện: ${a.owner}`, `Responsible: ${a.owner}`),
    T(`Thời hạn: ${due}`, `Due: ${due}`),
  ];
  const how = T(
    'Khi hoàn thành, mở liên kết, ghi kết quả thực hiện và bấm “Đã hoàn thành”. Liên kết dành riêng cho đồng chí; mở liên kết không làm thay đổi gì.',
    'When it is done, open the link, write what was done and press “Done”. The link is yours alone; opening it changes nothing.',
  );
  const action = T('Báo cáo kết quả thực hiện', 'Report it done');
  const reminder = T('[Nhắc việc] ', '[Reminder] ');
  switch (kind) {
    case 'actionAssigned':
      return {
        subject: T(`Nhiệm vụ được phân công: ${short(a.task)}`, `Action assigned to you: ${short(a.task)}`),
        lines: [
          T(
            'Biên bản cuộc làm việc dưới đây đã được chủ tọa duyệt và lưu trữ. Đồng chí được phân công thực hiện nhiệm vụ:',
            'The minutes of the session below were signed off and archived. They assign you this action:',
          ),
          ...task,
          how,
        ],
        action,
      };
    case 'actionReopened':
      return {
        subject: T(`Nhiệm vụ được mở lại: ${short(a.task)}`, `Action reopened: ${short(a.task)}`),
        lines: [
          T(
            'Thư ký cơ quan đón đoàn đã mở lại nhiệm vụ dưới đây; nhiệm vụ cần được tiếp tục thực hiện.',
            "The host agency's secretary reopened the action below; it needs more work.",
          ),
          a.reopenNote ? T(`Lý do: ${a.reopenNote}`, `Why: ${a.reopenNote}`) : '',
          ...task,
          how,
        ],
        action,
      };
    default: {
      const weeks = a.overdueWeeks ?? 1;
      const when =
        a.turn === 'before'
          ? T(`Nhiệm vụ dưới đây đến hạn ngày ${due}.`, `The action below is due on ${due}.`)
          : a.turn === 'due'
            ? T(`Nhiệm vụ dưới đây đến hạn hôm nay, ngày ${due}.`, `The action below is due today, ${due}.`)
            : T(
                `Nhiệm vụ dưới đây đã quá hạn ${weeks} tuần (thời hạn ${due}) và chưa được báo cáo hoàn thành.`,
                `The action below is ${weeks} week${weeks === 1 ? '' : 's'} overdue (it was due on ${due}) and is not reported done.`,
              );
      return {
        subject: T(
          `${reminder}${a.turn === 'overdue' ? 'Nhiệm vụ quá hạn' : `Nhiệm vụ đến hạn ngày ${due}`}: ${short(a.task)}`,
          `${reminder}${a.turn === 'overdue' ? 'Overdue action' : `Action due on ${due}`}: ${short(a.task)}`,
        ),
        lines: [when, ...task, how],
        action,
      };
    }
  }
}

/** The visit named in every notice: label and value, in the visit's language. */
function facts(c: NoticeContext, lang: Language): [string, string][] {
  const r = c.visit.request;
  const vi = lang === 'vi';
  const dates = dateRange(r.startDate, r.endDate);
  const head = r.members[0];
  const rows: [string, string][] = [
    [vi ? 'Nội dung' : 'Visit', r.title],
    [vi ? 'Cơ quan cử đoàn' : 'Sending agency', vi ? c.visiting.name : c.visiting.nameEn],
    [vi ? 'Cơ quan đón đoàn' : 'Host agency', vi ? c.host.name : c.host.nameEn],
  ];
  if (head) rows.push([vi ? 'Trưởng đoàn' : 'Head of delegation', `${head.name}, ${head.position}`]);
  rows.push([vi ? 'Thời gian' : 'Dates', dates], [vi ? 'Địa điểm' : 'Place', r.place]);
  return rows;
}

/** Kính gửi đồng chí A, or the comrades A and B: every recipient by name. */
function greet(c: NoticeContext, lang: Language): string {
  const names = [...new Set((c.recipients?.length ? c.recipients : [c.recipient]).map((p) => p.name))];
  if (lang === 'en') return `Dear ${names.join(', ')},`;
  return names.length > 1 ? `Kính gửi các đồng chí ${names.join(', ')},` : `Kính gửi đồng chí ${names[0]},`;
}

function compose(kind: NoticeKind, c: NoticeContext, lang: Language) {
  const given = parts(kind, c, lang);
  const resent = resentLine(c, lang);
  const p = resent
    ? { ...given, subject: `${resent.mark}${given.subject}`, lines: [resent.line, ...given.lines] }
    : given;
  const vi = lang === 'vi';
  // a cancellation goes to everyone who had mail about the visit, in one mail
  const greeting =
    kind === 'cancelled' ? (vi ? 'Kính gửi các đồng chí,' : 'Dear colleagues,') : greet(c, lang);
  const lines = p.lines.filter(Boolean);
  const about = facts(c, lang);
  const sign = vi ? 'Hệ thống Trao đổi đoàn công tác' : 'Exchange Visits';
  const footer = vi
    ? 'Thư gửi tự động; vui lòng không trả lời thư này.'
    : 'This mail was sent automatically; please do not reply to it.';
  const text = [
    greeting,
    '',
    ...lines,
    '',
    ...about.map(([k, v]) => `${k}: ${v}`),
    ...(c.link ? ['', `${p.action ?? ''}: ${c.link}`] : []),
    '',
    sign,
    footer,
    '',
  ].join('\n');
  const cell = 'padding:2px 12px 2px 0;vertical-align:top';
  const htmlBody = [
    `<p>${esc(greeting)}</p>`,
    ...lines.map((l) => `<p>${esc(l)}</p>`),
    `<table role="presentation" style="border-collapse:collapse;margin:12px 0">${about
      .map(
        ([k, v]) =>
          `<tr><td style="${cell};color:#5b6675">${esc(k)}</td><td style="${cell}"><strong>${esc(v)}</strong></td></tr>`,
      )
      .join('')}</table>`,
    c.link
      ? `<p><a href="${esc(c.link)}" style="display:inline-block;padding:10px 18px;background:#1f4e8c;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">${esc(p.action ?? c.link)}</a></p><p style="color:#5b6675;font-size:13px;word-break:break-all;overflow-wrap:anywhere">${esc(c.link)}</p>`
      : '',
    `<p>${esc(sign)}<br><span style="color:#5b6675;font-size:13px">${esc(footer)}</span></p>`,
  ].join('\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(p.subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1d2430">${htmlBody}</body></html>`;
  return { subject: p.subject, text, html };
}

/**
 * What a notice carries besides the documents the lifecycle attaches: the approved visit's calendar invitation,
 * and its cancellation for those who had it.
 */
function attachments(kind: NoticeKind, c: NoticeContext): MailAttachment[] {
  if (kind === 'approved') return [calendarAttachment(c.visit, c.host, c.visiting)];
  if (kind === 'cancelled' && c.calendar === 'cancel')
    return [calendarCancelAttachment(c.visit, c.host, c.visiting)];
  return [];
}

export const composeNotice: ComposeNotice = (kind, ctx) => {
  const mail = compose(kind, ctx, ctx.visit.request.language);
  const attached = attachments(kind, ctx);
  return attached.length ? { ...mail, attachments: attached } : mail;
};

/** The address of a visit's page on the site at `publicUrl`. */
export function visitPageUrl(publicUrl: string, visitId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/visits/${encodeURIComponent(visitId)}`;
}

/**
 * The composer of a site at `publicUrl`: a notice given no link of its own (approved, rejected, expired, archived,
 * failed) links to the visit's page.
 */
export function noticeComposer(publicUrl: string): ComposeNotice {
  return (kind, ctx) =>
    composeNotice(kind, ctx.link ? ctx : { ...ctx, link: visitPageUrl(publicUrl, ctx.visit.id) });
}
