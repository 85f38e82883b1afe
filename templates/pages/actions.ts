/**
 * The pages of action items: a visit's list (on the visit page, with the host secretary's "done" and "reopen"
 * forms and the follow-up report's button), an agency's list across visits (GET /actions, filtered), the owner's
 * page behind the mailed link (GET shows, the button POST marks done) and what follows it, and the secretary's
 * form again when a note is missing. No script, no inline style.
 */
import type { ActionItem } from '#domain/follow-up/items.ts';
import { NOTE_MAX } from '#domain/follow-up/items.ts';
import type { Visit } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, vnDate, vnDateTime } from '#templates/words/dates.ts';
import { csrfInput, errorSummary, type FormState, field } from './forms.ts';
import { agencyName, nameOf } from './labels.ts';
import { page, pager, t, type Viewer } from './layout.ts';

type Lang = Viewer['lang'];

/** The state an item is in for people: open, overdue (open past its due date) or done. */
export function actionState(
  item: Pick<ActionItem, 'status' | 'due'>,
  today: string,
): 'open' | 'overdue' | 'done' {
  if (item.status === 'done') return 'done';
  return item.due < today ? 'overdue' : 'open';
}

const STATE_LABELS = {
  open: { vi: 'Đang thực hiện', en: 'Open', tone: 'wait' },
  overdue: { vi: 'Quá hạn', en: 'Overdue', tone: 'bad' },
  done: { vi: 'Đã hoàn thành', en: 'Done', tone: 'ok' },
} as const;

export function actionBadge(item: Pick<ActionItem, 'status' | 'due'>, today: string, lang: Lang): string {
  const state = actionState(item, today);
  const label = STATE_LABELS[state];
  return `<span class="badge badge-${label.tone}" data-action-state="${state}">${esc(label[lang])}</span>`;
}

function owner(item: ActionItem): string {
  return `${esc(item.owner)}${item.ownerEmail ? ` <span class="mono">${esc(item.ownerEmail)}</span>` : ''}`;
}

/** What became of an item: who marked it done, when, and the note; or why it was reopened. */
function outcome(item: ActionItem, lang: Lang): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  if (item.status === 'done')
    return `<span class="meta">${L('Hoàn thành', 'Done')} ${esc(vnDateTime(item.doneAt))}${
      item.doneBy ? ` · ${esc(item.doneByName ?? nameOf(item.doneBy))}` : ''
    }</span>${item.note ? `<blockquote>${esc(item.note)}</blockquote>` : ''}`;
  if (item.reopenedAt)
    return `<span class="meta">${L('Mở lại', 'Reopened')} ${esc(vnDateTime(item.reopenedAt))}</span>${
      item.reopenNote ? `<blockquote>${esc(item.reopenNote)}</blockquote>` : ''
    }`;
  return '';
}

/** The host secretary's form on an item: mark it done (open) or reopen it (done), each with a note. */
function answerForm(viewer: Viewer, item: ActionItem): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const done = item.status === 'open';
  const path = `/visits/${encodeURIComponent(item.visitId)}/actions/${encodeURIComponent(item.id)}/${done ? 'done' : 'reopen'}`;
  const id = `note-${item.id}`;
  return `<details class="answer"><summary>${done ? L('Đánh dấu hoàn thành', 'Mark done') : L('Mở lại', 'Reopen')}</summary>
<form method="post" action="${esc(path)}" class="form" novalidate>
${csrfInput(viewer.csrf)}
<label for="${esc(id)}">${done ? L('Kết quả thực hiện', 'What was done') : L('Lý do mở lại', 'Why it is reopened')}</label>
<textarea id="${esc(id)}" name="note" rows="3" maxlength="${NOTE_MAX}" required></textarea>
<p class="actions"><button class="${done ? 'primary' : 'secondary'}" type="submit">${done ? L('Đã hoàn thành', 'Done') : L('Mở lại nhiệm vụ', 'Reopen the action')}</button></p>
</form></details>`;
}

export interface ActionsSectionData {
  visit: Visit;
  items: readonly ActionItem[];
  /** the Vietnam date today (application clock) */
  today: string;
}

/** The host secretary of the visit: may answer for owners, reopen, and issue the report. */
export function isHostSecretary(viewer: Viewer, visit: Visit): boolean {
  return Boolean(
    viewer.user?.roles.includes('secretary') && viewer.user.agencyId === visit.request.hostAgencyId,
  );
}

/** A visit's action items (the visit page's section, and GET /visits/{id}/actions). */
export function actionsSection(viewer: Viewer, d: ActionsSectionData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const secretary = isHostSecretary(viewer, d.visit);
  const list = d.items.length
    ? `<ul class="action-list">${d.items
        .map(
          (
            item,
            i,
          ) => `<li class="card action-item" id="action-${esc(item.id)}"><div class="line"><strong>${i + 1}. ${esc(item.task)}</strong>${actionBadge(item, d.today, lang)}</div>
<span class="meta">${L('Thực hiện', 'Owner')}: ${owner(item)} · ${L('Thời hạn', 'Due')} ${esc(vnDate(item.due))}${
            item.reminders ? ` · ${L('đã nhắc', 'reminded')} ${item.reminders}` : ''
          }</span>${outcome(item, lang)}${secretary ? answerForm(viewer, item) : ''}</li>`,
        )
        .join('')}</ul>`
    : `<p class="empty">${L(
        d.visit.status === 'ARCHIVED'
          ? 'Biên bản không phân công nhiệm vụ nào.'
          : 'Các nhiệm vụ được theo dõi khi biên bản được lưu trữ.',
        d.visit.status === 'ARCHIVED'
          ? 'The minutes assign no actions.'
          : 'Actions are followed once the minutes are archived.',
      )}</p>`;
  const report =
    secretary && d.visit.status === 'ARCHIVED' && d.items.length
      ? `<form method="post" action="/visits/${encodeURIComponent(d.visit.id)}/report" class="report">${csrfInput(viewer.csrf)}<button class="secondary" type="submit">${L('Lập báo cáo kết quả thực hiện', 'Issue the follow-up report')}</button></form>`
      : '';
  return `<section id="actions"><h2>${L('Phân công thực hiện', 'Action items')}</h2>${list}${report}</section>`;
}

/** GET /visits/{id}/actions in a browser: the visit's items on a page of their own. */
export function visitActionsPage(viewer: Viewer, d: ActionsSectionData): string {
  const { lang } = viewer;
  const r = d.visit.request;
  const title = `${t(lang, 'Phân công thực hiện', 'Action items')}: ${r.title}`;
  return page(
    { lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf },
    `<p class="kicker">${esc(agencyName(r.visitingAgencyId, lang))} → ${esc(agencyName(r.hostAgencyId, lang))} · ${esc(dateRange(r.startDate, r.endDate))}</p>
<h1>${esc(r.title)}</h1>
${actionsSection(viewer, d)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// an agency's items

export interface ActionListData {
  items: readonly ActionItem[];
  today: string;
  values: { status?: string | undefined; q?: string | undefined };
  errors?: Record<string, string>;
  nextHref?: string;
  firstHref?: string;
}

export function actionListPage(viewer: Viewer, d: ActionListData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = L('Nhiệm vụ được phân công', 'Action items');
  const state: FormState = { lang, values: { ...d.values }, errors: d.errors ?? {} };
  const form = `<form class="form search" method="get" action="/actions" novalidate>
${errorSummary(state)}
<fieldset><legend>${L('Lọc', 'Filter')}</legend>
<div class="pair">
${field(state, {
  path: 'status',
  label: L('Tình trạng', 'Status'),
  type: 'select',
  plain: true,
  placeholder: L('Tất cả', 'All'),
  options: [
    { value: 'open', label: L('Đang thực hiện (cả quá hạn)', 'Open (overdue too)') },
    { value: 'overdue', label: L('Quá hạn', 'Overdue') },
    { value: 'done', label: L('Đã hoàn thành', 'Done') },
  ],
})}
${field(state, { path: 'q', label: L('Tìm', 'Search'), plain: true, hint: L('Nhiệm vụ, người thực hiện hoặc chuyến công tác', 'Task, owner or visit') })}
</div>
<p class="actions"><button class="primary" type="submit">${L('Lọc', 'Filter')}</button></p>
</fieldset>
</form>`;
  const rows = d.items
    .map(
      (item) => `<tr>
<td>${esc(vnDate(item.due))}</td>
<td>${esc(item.task)}<span class="meta">${owner(item)}</span><span class="meta"><a href="/visits/${encodeURIComponent(item.visitId)}#action-${esc(item.id)}">${esc(item.visitTitle)}</a></span>${outcome(item, lang)}</td>
<td>${actionBadge(item, d.today, lang)}</td>
</tr>`,
    )
    .join('\n');
  const results = d.items.length
    ? `<table class="results">
<caption>${L('Sắp theo thời hạn, gần nhất trước', 'By due date, soonest first')}</caption>
<thead><tr><th scope="col">${L('Thời hạn', 'Due')}</th><th scope="col">${L('Nhiệm vụ', 'Action')}</th><th scope="col">${L('Tình trạng', 'Status')}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
    : `<p class="empty">${L('Không có nhiệm vụ nào phù hợp.', 'No action items match.')}</p>`;

  return page(
    { lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf },
    `<h1>${esc(title)}</h1>
<p class="lead">${L('Các nhiệm vụ biên bản đã phân công, của mọi chuyến công tác cơ quan bạn đón hoặc cử đoàn.', 'What the archived minutes assigned, across every visit your agency hosted or sent.')}</p>
${form}
${results}
${pager(lang, d)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// the owner's link

export interface ActionLinkData {
  item: ActionItem;
  visit: Visit;
  today: string;
}

function itemCard(d: ActionLinkData, lang: Lang): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const r = d.visit.request;
  return `<div class="card summary">
<h2 class="visit-title">${esc(d.item.task)}</h2>
<dl class="facts">
<dt>${L('Đơn vị, người thực hiện', 'Owner')}</dt><dd>${esc(d.item.owner)}</dd>
<dt>${L('Thời hạn', 'Due')}</dt><dd>${esc(vnDate(d.item.due))} ${actionBadge(d.item, d.today, lang)}</dd>
<dt>${L('Chuyến công tác', 'Visit')}</dt><dd>${esc(r.title)}</dd>
<dt>${L('Cơ quan đón đoàn', 'Host agency')}</dt><dd>${esc(agencyName(r.hostAgencyId, lang))}</dd>
<dt>${L('Cơ quan cử đoàn', 'Sending agency')}</dt><dd>${esc(agencyName(r.visitingAgencyId, lang))}</dd>
<dt>${L('Thời gian', 'Dates')}</dt><dd>${esc(dateRange(r.startDate, r.endDate))}</dd>
</dl>${d.item.reopenNote && d.item.status === 'open' ? `<p>${L('Lý do mở lại', 'Why it was reopened')}:</p><blockquote>${esc(d.item.reopenNote)}</blockquote>` : ''}
</div>`;
}

/** GET /actions/{token}: the item and the button that marks it done; showing it changes nothing. */
export function actionLinkPage(
  viewer: Viewer,
  d: ActionLinkData & { token: string; state: FormState },
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = L('Nhiệm vụ được phân công', 'Your action item');
  return page(
    { lang, title, path: viewer.path, bare: true },
    `<p class="kicker">${L('Kính gửi', 'For')} ${esc(d.item.ownerName ?? d.item.owner)}</p>
<h1>${esc(title)}</h1>
${itemCard(d, lang)}
${errorSummary(d.state)}
<form method="post" action="/actions/${esc(d.token)}" class="form" novalidate>
${field(d.state, {
  path: 'note',
  label: L('Kết quả thực hiện', 'What was done'),
  type: 'textarea',
  rows: 4,
  required: true,
  hint: L(
    'Ghi ngắn gọn kết quả; ghi chú được lưu cùng nhiệm vụ.',
    'Say briefly what was done; the note is kept with the action.',
  ),
})}
<div class="actions"><button class="primary" type="submit">${L('Đã hoàn thành', 'Done')}</button></div>
<p class="hint">${L('Mở trang này không làm thay đổi gì; chỉ nút “Đã hoàn thành” ghi nhận kết quả.', 'Opening this page changes nothing; only the “Done” button records it.')}</p>
</form>`,
  );
}

/** After the owner marked the item done, or when the link finds it done already (409). */
export function actionDonePage(viewer: Viewer, d: ActionLinkData & { justNow: boolean }): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = d.justNow
    ? L('Đã ghi nhận kết quả thực hiện', 'Recorded as done')
    : L('Nhiệm vụ đã hoàn thành', 'This action is already done');
  return page(
    { lang, title, path: viewer.path, bare: true },
    `<div class="confirm${d.justNow ? '' : ' problem'}"><h1>${esc(title)}</h1>
${d.justNow ? `<p class="big">${L('Đã hoàn thành', 'Done')}</p>` : ''}
${itemCard(d, lang)}
<p>${L('Hoàn thành', 'Done')} ${esc(vnDateTime(d.item.doneAt))}${d.item.doneBy ? ` · ${esc(d.item.doneByName ?? nameOf(d.item.doneBy))}` : ''}</p>
${d.item.note ? `<blockquote>${esc(d.item.note)}</blockquote>` : ''}
<p>${L('Bạn có thể đóng trang này.', 'You can close this page.')}</p></div>`,
  );
}

/** The host secretary's answer again, with the note's error beside it (the visit page's form, when refused). */
export function answerFormPage(
  viewer: Viewer,
  d: { visit: Visit; item: ActionItem; kind: 'done' | 'reopen'; state: FormState },
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const done = d.kind === 'done';
  const title = done
    ? L('Đánh dấu hoàn thành', 'Mark the action done')
    : L('Mở lại nhiệm vụ', 'Reopen the action');
  const path = `/visits/${encodeURIComponent(d.visit.id)}/actions/${encodeURIComponent(d.item.id)}/${d.kind}`;
  return page(
    { lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf },
    `<p class="kicker"><a href="/visits/${encodeURIComponent(d.visit.id)}#action-${esc(d.item.id)}">← ${esc(d.visit.request.title)}</a></p>
<h1>${esc(title)}</h1>
<div class="card summary"><h2 class="visit-title">${esc(d.item.task)}</h2>
<p class="meta">${owner(d.item)} · ${L('Thời hạn', 'Due')} ${esc(vnDate(d.item.due))}</p></div>
${errorSummary(d.state)}
<form method="post" action="${esc(path)}" class="form" novalidate>
${csrfInput(viewer.csrf)}
${field(d.state, {
  path: 'note',
  label: done ? L('Kết quả thực hiện', 'What was done') : L('Lý do mở lại', 'Why it is reopened'),
  type: 'textarea',
  rows: 4,
  required: true,
})}
<div class="actions"><button class="primary" type="submit">${done ? L('Đã hoàn thành', 'Done') : L('Mở lại nhiệm vụ', 'Reopen the action')}</button>
<a class="button secondary" href="/visits/${encodeURIComponent(d.visit.id)}#actions">${L('Hủy', 'Cancel')}</a></div>
</form>`,
  );
}
