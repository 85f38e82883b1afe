/**
 * Home's "Việc cần xử lý" (what waits on the user's agency, each part with its count) and the visit list's filter
 * (a status and words to find, a GET form that works without JavaScript).
 */
import type { Todo, VisitFilter } from '#domain/todo.ts';
import { todoCount } from '#domain/todo.ts';
import { STATUSES, type Visit } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, vnDate } from '#templates/words/dates.ts';
import { statusLabel } from './labels.ts';
import { t, type Viewer } from './layout.ts';

type Lang = Viewer['lang'];

function visitLink(v: Visit, href: string): string {
  return `<li><a href="${esc(href)}">${esc(v.request.title)}</a> <span class="meta">${esc(dateRange(v.request.startDate, v.request.endDate))}</span></li>`;
}

function part(title: string, items: readonly string[], hint: string): string {
  if (!items.length) return '';
  return `<section class="todo-part"><h3>${esc(title)} <span class="count">${items.length}</span></h3><p class="hint">${esc(hint)}</p><ul>${items.join('')}</ul></section>`;
}

/** The to-do, by part; a line saying there is nothing to do when every part is empty. */
export function todoSection(todo: Todo, today: string, lang: Lang): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const visit = (v: Visit) => visitLink(v, `/visits/${encodeURIComponent(v.id)}`);
  const parts = [
    part(
      L('Biên bản cần ghi', 'Minutes to record'),
      todo.minutes.map((v) => visitLink(v, `/visits/${encodeURIComponent(v.id)}/minutes`)),
      L(
        'Thư ký cơ quan đón đoàn ghi biên bản từ ngày đầu của chuyến.',
        "The host's secretary records them from the visit's first day.",
      ),
    ),
    part(
      L('Đề nghị cần chỉnh sửa', 'Requests to revise'),
      todo.revisions.map(visit),
      L(
        'Người đề nghị chỉnh sửa qua liên kết trong thư.',
        'The requester revises through the link in the mail.',
      ),
    ),
    part(
      L('Đang chờ lãnh đạo cơ quan phê duyệt', "Waiting on the agency's approvers"),
      todo.approvals.map(visit),
      L('Lãnh đạo phê duyệt qua liên kết trong thư.', 'The approvers decide through the link in their mail.'),
    ),
    part(
      L('Nhiệm vụ đến hạn', 'Action items due'),
      todo.actions.map(
        (a) =>
          `<li><a href="/visits/${encodeURIComponent(a.visitId)}#actions">${esc(a.task)}</a> <span class="meta">${esc(a.owner)} · ${a.due < today ? L('quá hạn', 'overdue') : L('hạn', 'due')} ${esc(vnDate(a.due))}</span></li>`,
      ),
      L('Nhiệm vụ còn mở, đến hạn trong 7 ngày hoặc đã quá hạn.', 'Open items due within 7 days or overdue.'),
    ),
  ].join('');
  const count = todoCount(todo);
  return `<section class="todo" id="todo" aria-labelledby="todo-title"><h2 id="todo-title">${L('Việc cần xử lý', 'To do')} <span class="count">${count}</span></h2>${
    parts ||
    `<p class="empty">${L('Không có việc nào đang chờ cơ quan bạn.', 'Nothing waits on your agency.')}</p>`
  }</section>`;
}

/** The list's filter: a status (all when none) and words to find in the title, the place or the agencies. */
export function visitFilterForm(filter: VisitFilter, lang: Lang): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const options = [
    `<option value="">${L('Tất cả', 'All')}</option>`,
    ...STATUSES.map(
      (s) =>
        `<option value="${s}"${filter.status === s ? ' selected' : ''}>${esc(statusLabel(s, lang))}</option>`,
    ),
  ].join('');
  return `<form class="filter" method="get" action="/" role="search">
<div class="field"><label for="f-status">${L('Trạng thái', 'Status')}</label><select id="f-status" name="status">${options}</select></div>
<div class="field"><label for="f-q">${L('Tìm', 'Search')}</label><input id="f-q" name="q" type="search" value="${esc(filter.search ?? '')}"></div>
<div class="actions"><button type="submit" class="secondary">${L('Lọc', 'Filter')}</button>${
    filter.status || filter.search ? ` <a href="/">${L('Bỏ lọc', 'Clear')}</a>` : ''
  }</div>
</form>`;
}
