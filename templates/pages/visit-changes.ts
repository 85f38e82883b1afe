/**
 * The pages of the changes to a visit: the confirmation step of a cancel, the reschedule and reassign forms (each
 * with its errors beside the fields and what was typed kept), and the visit page's part that offers each viewer the
 * changes they may make (the forms carry an idempotency key made when they are shown, so a double post acts once).
 */
import { randomUUID } from 'node:crypto';
import type { ChangesOffered } from '#domain/actions/visit-changes.ts';
import type { Person } from '#domain/agencies.ts';
import type { Approval } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange } from '#templates/words/dates.ts';
import { csrfInput, errorSummary, type FormState, field } from './forms.ts';
import { page, t, type Viewer } from './layout.ts';

const visitPath = (visit: Pick<Visit, 'id'>) => `/visits/${encodeURIComponent(visit.id)}`;

/** The hidden idempotency key of a change form: the one posted back, or a new one. */
function keyInput(values: Record<string, unknown>): string {
  const key = typeof values._key === 'string' && values._key ? values._key : randomUUID();
  return `<input type="hidden" name="_key" value="${esc(key)}">`;
}

function head(visit: Visit, title: string): string {
  const r = visit.request;
  return `<p class="kicker"><a href="${visitPath(visit)}">← ${esc(r.title)}</a></p>
<h1>${esc(title)}</h1>
<p class="lead">${esc(dateRange(r.startDate, r.endDate))} · ${esc(r.place)}</p>`;
}

function shell(viewer: Viewer, title: string, body: string): string {
  const { lang } = viewer;
  return page({ lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf }, body);
}

/** The confirmation step of a cancel: what it does, the reason, and the button that does it. */
export function cancelPage(viewer: Viewer, visit: Visit, state: FormState): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const title = L('Hủy chuyến công tác', 'Cancel the visit');
  return shell(
    viewer,
    title,
    `${head(visit, title)}
<div class="callout"><p>${L(
      'Hủy là không thể hoàn tác: các liên kết phê duyệt, chỉnh sửa đang mở sẽ không còn dùng được, và mọi người đã nhận thư về chuyến công tác sẽ được báo (kèm thư hủy lịch nếu đã nhận thư mời).',
      'A cancel cannot be undone: the open approval and revision links stop working, and everyone who had mail about the visit is told (with a calendar cancellation where they had the invitation).',
    )}</p></div>
${errorSummary(state)}
<form method="post" action="${visitPath(visit)}/cancel" class="form" novalidate>
${csrfInput(viewer.csrf)}${keyInput(state.values)}
${field(state, { path: 'reason', label: L('Lý do hủy', 'Why it is cancelled'), type: 'textarea', required: true, rows: 3 })}
<p><button class="button danger" type="submit" name="confirm" value="yes">${L('Xác nhận hủy chuyến công tác', 'Yes, cancel the visit')}</button>
<a class="button secondary" href="${visitPath(visit)}">${L('Không hủy', 'Keep the visit')}</a></p>
</form>`,
  );
}

/** The reschedule form: the new dates and why. */
export function reschedulePage(viewer: Viewer, visit: Visit, state: FormState): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const title = L('Đổi thời gian chuyến công tác', 'Move the visit’s dates');
  return shell(
    viewer,
    title,
    `${head(visit, title)}
<p>${L(
      'Chương trình làm việc sẽ được lập lại theo thời gian mới (giữ nguyên số) và gửi phê duyệt lại từ bước đầu; các liên kết đã gửi sẽ không còn dùng được.',
      'The programme is drafted again for the new dates (its number kept) and goes for approval again from the first step; the links sent so far stop working.',
    )}</p>
${errorSummary(state)}
<form method="post" action="${visitPath(visit)}/reschedule" class="form" novalidate>
${csrfInput(viewer.csrf)}${keyInput(state.values)}
<div class="pair">
${field(state, { path: 'startDate', label: L('Ngày bắt đầu mới', 'New start date'), type: 'day', required: true })}
${field(state, { path: 'endDate', label: L('Ngày kết thúc mới', 'New end date'), type: 'day', required: true })}
</div>
${field(state, { path: 'reason', label: L('Lý do', 'Reason'), type: 'textarea', required: true, rows: 3 })}
<p><button class="button primary" type="submit">${L('Đổi thời gian', 'Move the dates')}</button>
<a class="button secondary" href="${visitPath(visit)}">${L('Quay lại', 'Back')}</a></p>
</form>`,
  );
}

/** The reassign form: who of the host agency gets the approval, and why. */
export function reassignPage(
  viewer: Viewer,
  visit: Visit,
  approval: Approval,
  people: readonly Person[],
  state: FormState,
): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const title = L('Chuyển người phê duyệt', 'Reassign the approval');
  const action = `${visitPath(visit)}/approvals/${encodeURIComponent(approval.id)}/reassign`;
  const options = people
    .filter((p) => p.email.toLowerCase() !== approval.person.email.toLowerCase())
    .map((p) => ({ value: p.email, label: p.position ? `${p.name} — ${p.position}` : p.name }));
  return shell(
    viewer,
    title,
    `${head(visit, title)}
<p>${L('Đang chờ', 'Waiting for')} ${esc(approval.person.name)}${approval.person.position ? ` (${esc(approval.person.position)})` : ''}. ${L(
      'Người được chuyển nhận liên kết riêng; liên kết cũ sẽ không còn dùng được.',
      'The new holder gets a link of their own; the old link stops working.',
    )}</p>
${errorSummary(state)}
<form method="post" action="${esc(action)}" class="form" novalidate>
${csrfInput(viewer.csrf)}${keyInput(state.values)}
${field(state, {
  path: 'toEmail',
  label: L('Chuyển cho', 'Reassign to'),
  type: 'select',
  required: true,
  options,
  placeholder: L('— Chọn người của cơ quan đón đoàn —', '— Choose a person of the host agency —'),
})}
${field(state, { path: 'reason', label: L('Lý do', 'Reason'), type: 'textarea', required: true, rows: 3 })}
<p><button class="button primary" type="submit">${L('Chuyển', 'Reassign')}</button>
<a class="button secondary" href="${visitPath(visit)}">${L('Quay lại', 'Back')}</a></p>
</form>`,
  );
}

/** The buttons of the visit page for the changes the viewer may make to the visit as a whole. */
export function visitChangeButtons(viewer: Viewer, visit: Visit, offered: ChangesOffered): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const buttons = [
    offered.reschedule
      ? `<a class="button secondary" href="${visitPath(visit)}/reschedule">${L('Đổi thời gian', 'Reschedule')}</a>`
      : '',
    offered.cancel
      ? `<a class="button danger" href="${visitPath(visit)}/cancel">${L('Hủy chuyến công tác', 'Cancel the visit')}</a>`
      : '',
  ].filter(Boolean);
  return buttons.length ? `<p class="actions changes">${buttons.join(' ')}</p>` : '';
}

/** The buttons beside one open approval: reassign it (a form) and have its link mailed again (a post). */
export function approvalChangeButtons(
  viewer: Viewer,
  visit: Visit,
  approval: Approval,
  offered: ChangesOffered,
): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const base = `${visitPath(visit)}/approvals/${encodeURIComponent(approval.id)}`;
  const parts = [
    offered.reassign.includes(approval.id)
      ? `<a class="button secondary small" href="${esc(base)}/reassign">${L('Chuyển người', 'Reassign')}</a>`
      : '',
    offered.resend.includes(approval.id)
      ? `<form method="post" action="${esc(base)}/resend" class="inline">${csrfInput(viewer.csrf)}${keyInput({})}<button class="button secondary small" type="submit">${L('Gửi lại liên kết', 'Send the link again')}</button></form>`
      : '',
  ].filter(Boolean);
  return parts.length ? `<div class="actions">${parts.join(' ')}</div>` : '';
}

/** The line a cancelled visit's page opens with: by whom, when, why. */
export function cancelledLine(viewer: Viewer, visit: Visit, when: string): string {
  const c = visit.cancellation;
  if (visit.status !== 'CANCELLED' || !c) return '';
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  return `<p class="error">${L('Đã hủy bởi', 'Cancelled by')} ${esc(c.byName)} ${L('lúc', 'at')} ${esc(when)}: ${esc(c.reason)}</p>`;
}
