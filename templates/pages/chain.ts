/**
 * The approvals of a visit as people read them: each step with its approver's name (never an address), what they
 * decided and when, with their comment. The visit page shows the whole chain, the steps still to come included;
 * an approval link shows the decisions made so far, so a later approver sees what the earlier ones said.
 */
import type { Person } from '#domain/agencies.ts';
import type { Approval } from '#domain/ports.ts';
import { esc } from '#templates/html.ts';
import { vnDateTime } from '#templates/words/dates.ts';
import { decidedLabel } from './labels.ts';
import { t, type Viewer } from './layout.ts';

type Lang = Viewer['lang'];

/** A step of the host's chain no approval has reached yet. */
export interface UpcomingStep {
  step: number;
  approver: Person;
}

function approvalWhat(a: Pick<Approval, 'kind' | 'step' | 'role'>, lang: Lang): string {
  switch (a.kind) {
    case 'agenda':
      return `${t(lang, 'Phê duyệt chương trình', 'Programme approval')} · ${t(lang, 'bước', 'step')} ${a.step + 1}${
        a.role === 'deputy' ? ` (${t(lang, 'chuyển cấp', 'escalated')})` : ''
      }`;
    case 'revision':
      return t(lang, 'Chỉnh sửa đề nghị', 'Revision of the request');
    case 'minutesRecord':
      return t(lang, 'Ghi biên bản', 'Recording the minutes');
    case 'minutes':
      return t(lang, 'Chủ tọa duyệt biên bản', "Chair's sign-off");
  }
}

function approvalState(a: Approval, lang: Lang): string {
  if (a.status === 'DECIDED') return decidedLabel(a.decision, lang);
  if (a.status === 'EXPIRED') return t(lang, 'Quá hạn', 'Expired');
  if (a.status === 'SUPERSEDED') return t(lang, 'Đã chuyển cấp', 'Escalated away');
  if (a.status === 'REASSIGNED')
    return `${t(lang, 'Đã chuyển cho', 'Reassigned to')} ${a.reassignedTo?.name ?? ''}`.trim();
  if (a.status === 'CANCELLED')
    return a.closed?.cause === 'reschedule'
      ? t(lang, 'Đã đóng (đổi thời gian)', 'Closed (rescheduled)')
      : t(lang, 'Đã hủy', 'Cancelled');
  return t(lang, 'Đang chờ', 'Waiting');
}

/** When: decided at, or, while open, since when and by when. */
function approvalTime(a: Approval, lang: Lang): string {
  if (a.decidedAt) return vnDateTime(a.decidedAt);
  if (a.status === 'PENDING' || a.status === 'CLAIMED')
    return `${t(lang, 'từ', 'since')} ${vnDateTime(a.createdAt)} · ${t(lang, 'hạn', 'by')} ${vnDateTime(a.expiresAt)}`;
  return vnDateTime(a.createdAt);
}

function person(p: Person): string {
  return `${esc(p.name)}${p.position ? `, ${esc(p.position)}` : ''}`;
}

function approvalEntry(a: Approval, lang: Lang, after?: (a: Approval) => string): string {
  return `<li class="card"><div class="line"><strong>${esc(approvalWhat(a, lang))}</strong><span class="state state-${a.status.toLowerCase()}">${esc(approvalState(a, lang))}</span></div>
<span class="meta">${person(a.person)} · ${esc(approvalTime(a, lang))}</span>${a.comment ? `<blockquote>${esc(a.comment)}</blockquote>` : ''}${after?.(a) ?? ''}</li>`;
}

function upcomingEntry(s: UpcomingStep, lang: Lang): string {
  return `<li class="card"><div class="line"><strong>${esc(approvalWhat({ kind: 'agenda', step: s.step, role: 'approver' }, lang))}</strong><span class="state state-upcoming">${t(lang, 'Chưa đến lượt', 'Not yet reached')}</span></div>
<span class="meta">${person(s.approver)}</span></li>`;
}

/**
 * The whole chain of a visit: every approval in the order it was asked for (each followed by what `after` adds,
 * such as the buttons that change it), then the steps still to come.
 */
export function approvalChain(
  approvals: readonly Approval[],
  upcoming: readonly UpcomingStep[],
  lang: Lang,
  after?: (a: Approval) => string,
): string {
  if (!approvals.length && !upcoming.length)
    return `<p class="empty">${t(lang, 'Chưa có.', 'None yet.')}</p>`;
  const asked = [...approvals].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return `<ol class="approvals">${asked.map((a) => approvalEntry(a, lang, after)).join('')}${upcoming
    .map((s) => upcomingEntry(s, lang))
    .join('')}</ol>`;
}

/**
 * The steps of the host's chain after the last one asked in the agenda's current round (the caller asks only while
 * the agenda's approval is under way).
 */
export function upcomingSteps(
  chain: readonly { approver: Person }[],
  approvals: readonly Approval[],
): UpcomingStep[] {
  const agenda = approvals.filter((a) => a.kind === 'agenda');
  const latest = [...agenda].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).pop();
  // a round starts again at step 0 after a revision: only steps after the latest one asked are still to come
  const reached = latest ? latest.step : -1;
  return chain.flatMap((s, step) => (step > reached ? [{ step, approver: s.approver }] : []));
}

/** The decisions made so far on the visit, in the order they were made, for the next approver to read. */
export function decisionsSoFar(approvals: readonly Approval[], lang: Lang): string {
  const decided = approvals
    .filter((a) => a.status === 'DECIDED')
    .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''));
  if (!decided.length) return '';
  return `<section class="chain"><h2>${t(lang, 'Ý kiến đã có', 'Decisions so far')}</h2><ol class="approvals">${decided
    .map((a) => approvalEntry(a, lang))
    .join('')}</ol></section>`;
}
