/** My visits (GET /) and the visit page (GET /visits/{id}): status, what happened, documents and approvals. */

import type { ChangesOffered } from '#domain/actions/visit-changes.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import { FILE_TYPES } from '#domain/lifecycle.ts';
import { type DeliveryProblem, deliveryProblems } from '#domain/mail-bounces.ts';
import type { Approval, VisitEvent } from '#domain/ports.ts';
import { type Todo, todoCount, type VisitFilter } from '#domain/todo.ts';
import { type DocumentRecord, formatOf, type Visit } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, vnDate, vnDateTime } from '#templates/words/dates.ts';
import { SIGNATURE_STATE } from '#templates/words/signatures.ts';
import { actionsSection } from './actions.ts';
import { approvalChain, type UpcomingStep } from './chain.ts';
import { copyRequestButton } from './copy-request.ts';
import {
  agencyName,
  documentKindLabel,
  eventText,
  fileSize,
  type Named,
  nameOf,
  noticeLabel,
  statusBadge,
  statusLabel,
  visitAgencies,
} from './labels.ts';
import { page, t, type Viewer } from './layout.ts';
import { todoSection, visitFilterForm } from './todo.ts';
import { approvalChangeButtons, cancelledLine, visitChangeButtons } from './visit-changes.ts';

/** What an issued PDF's signature is: PDF/A, signed (licensed or test) with its time, or not signed. */
function signatureLine(d: DocumentRecord, lang: Viewer['lang']): string {
  const state = !d.signed ? 'unsigned' : d.licensed ? 'licensed' : 'test';
  return `PDF/A · ${SIGNATURE_STATE[state][lang]}${d.signedAt ? ` · ${vnDateTime(d.signedAt)}` : ''}`;
}

function canRequest(viewer: Viewer): boolean {
  return Boolean(viewer.user?.roles.includes('staff'));
}

/** Home's to-do and the list's filter, when the page is home. */
export interface HomeParts {
  todo: Todo;
  filter: VisitFilter;
  /** today in Vietnam (YYYY-MM-DD) */
  today: string;
}

export function visitListPage(
  viewer: Viewer,
  visits: readonly Visit[],
  cursor?: string,
  home?: HomeParts,
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = L('Chuyến công tác', 'Exchange visits');
  const items = visits
    .map((v) => {
      const r = v.request;
      const hosting = r.hostAgencyId === viewer.user?.agencyId;
      return `<li class="card visit-item"><a class="card-link" href="/visits/${encodeURIComponent(v.id)}">
<span class="visit-title">${esc(r.title)}</span>
<span class="meta">${esc(dateRange(r.startDate, r.endDate))} · ${esc(
        hosting
          ? `${L('Đón đoàn', 'Hosting')} ${agencyName(r.visitingAgencyId, lang, visitAgencies(v))}`
          : `${L('Đến', 'Visiting')} ${agencyName(r.hostAgencyId, lang, visitAgencies(v))}`,
      )}</span></a>
${statusBadge(v.status, lang)}</li>`;
    })
    .join('\n');
  const body = `<div class="page-head"><h1>${esc(title)}</h1>${
    canRequest(viewer)
      ? `<a class="button primary" href="/visits/new">+ ${L('Đề nghị mới', 'New request')}</a>`
      : ''
  }</div>
${home ? todoSection(home.todo, home.today, lang) : ''}
<h2>${L('Danh sách chuyến', 'All visits')}</h2>
${home ? visitFilterForm(home.filter, lang) : ''}
${
  visits.length
    ? `<ul class="visit-list">${items}</ul>`
    : home?.filter.status || home?.filter.search
      ? `<p class="empty">${L('Không có chuyến nào khớp bộ lọc.', 'No visit matches the filter.')}</p>`
      : `<p class="empty">${L(
          'Chưa có chuyến công tác nào của cơ quan bạn.',
          'Your agency has no visits yet.',
        )}</p>`
}
${cursor ? `<p><a class="button secondary" href="/?cursor=${encodeURIComponent(cursor)}">${L('Xem thêm', 'More')}</a></p>` : ''}`;
  return page(
    {
      lang,
      title,
      path: viewer.path,
      user: viewer.user,
      csrf: viewer.csrf,
      ...(home ? { todoCount: todoCount(home.todo) } : {}),
    },
    body,
  );
}

export interface VisitPageData {
  visit: Visit;
  documents: readonly DocumentRecord[];
  approvals: readonly Approval[];
  events: readonly VisitEvent[];
  /** the minutes' action items, once archived */
  actions: readonly ActionItem[];
  /** today in Vietnam (YYYY-MM-DD, application clock): which open items are overdue; the minutes can be recorded
   * from the visit's first day */
  today: string;
  /** the changes the viewer may make now (none: no buttons) */
  offered?: ChangesOffered;
  /** the people of the visit's agencies, by address: the trail names them */
  people?: readonly Named[];
  /** the steps of the host's chain the agenda's approval has not reached yet */
  upcoming?: readonly UpcomingStep[];
}

/** The mail of the visit that did not reach someone: who, which notice, why, and who must fix it. */
function undelivered(
  problems: readonly DeliveryProblem[],
  lang: Viewer['lang'],
  names: (email: string) => string,
): string {
  if (!problems.length) return '';
  const L = (vi: string, en: string) => t(lang, vi, en);
  const why = (p: DeliveryProblem) =>
    p.kind === 'complaint'
      ? L('người nhận đánh dấu là thư rác', 'marked as spam by the recipient')
      : p.permanent
        ? L('địa chỉ không nhận thư', 'the address takes no mail')
        : L('tạm thời không nhận được', 'not accepted for now');
  const items = problems
    .map(
      (p) =>
        `<li>${esc(names(p.address))}${p.notice ? ` · ${esc(noticeLabel(p.notice, lang))}` : ''} — ${esc(why(p))} (${esc(vnDateTime(p.at))})</li>`,
    )
    .join('');
  return `<section class="error-summary" role="alert"><h2>${L('Thư không đến được người nhận', 'Mail that did not arrive')}</h2><ul>${items}</ul><p>${L(
    'Người nhận có thể chưa có liên kết cần để xử lý. Cơ quan của người nhận cần kiểm tra lại địa chỉ thư điện tử; người đề nghị và cơ quan đã được báo qua thư.',
    "The recipient may not have the link they need. The recipient's agency should check the email address; the requester and the agency were told by mail.",
  )}</p></section>`;
}

export function visitPage(viewer: Viewer, data: VisitPageData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const { visit } = data;
  const r = visit.request;
  const names = (email: string) =>
    email === 'system'
      ? L('Hệ thống', 'System')
      : nameOf(email, [visit.owner, ...data.approvals.map((a) => a.person), ...(data.people ?? [])]);
  const recorder =
    viewer.user?.roles.includes('secretary') &&
    viewer.user.agencyId === r.hostAgencyId &&
    visit.status === 'AWAITING_MINUTES';
  // the minutes record what happened: not before the visit's first day
  const early = Boolean(data.today && data.today < r.startDate);
  const canRecord = recorder && !early;

  const next = (() => {
    const pending = data.approvals.find((a) => a.status === 'PENDING' || a.status === 'CLAIMED');
    switch (visit.status) {
      case 'AWAITING_APPROVAL':
        return pending
          ? `${L('Đang chờ', 'Waiting for')} ${esc(pending.person.name)} (${esc(pending.person.position)}) ${L('phê duyệt, hạn', 'to decide, by')} ${esc(vnDateTime(pending.expiresAt))}.`
          : '';
      case 'CHANGES_REQUESTED':
        return L(
          'Người đề nghị đã nhận thư có liên kết để chỉnh sửa đề nghị.',
          'The requester has a link by mail to revise the request.',
        );
      case 'AWAITING_MINUTES':
        return L(
          'Sau cuộc làm việc, thư ký cơ quan đón đoàn ghi biên bản.',
          "After the visit, the host agency's secretary records the minutes.",
        );
      case 'AWAITING_MINUTES_APPROVAL':
        return pending
          ? `${L('Đang chờ chủ tọa', 'Waiting for the chair,')} ${esc(pending.person.name)}${L(', duyệt biên bản.', ', to sign off the minutes.')}`
          : '';
      case 'FAILED':
        return L(
          'Một bước xử lý bị lỗi; bộ phận kỹ thuật đã được ghi nhận.',
          'A step failed; it is recorded for the operators.',
        );
      default:
        return '';
    }
  })();

  const docs = data.documents.length
    ? `<ul class="docs">${[...data.documents]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map(
          (d) => `<li class="card doc"><div><strong>${esc(documentKindLabel(d.kind, lang))}</strong>
<span class="meta">${L('Số', 'No.')} ${esc(d.number)} · ${L('bản', 'version')} ${d.version} · ${esc(fileSize(d.size, lang))} · ${esc(vnDateTime(d.createdAt))}</span>
${formatOf(d) === 'pdf' ? `<span class="meta">${esc(signatureLine(d, lang))}</span>` : ''}
</div>
<a class="button secondary" href="/visits/${encodeURIComponent(visit.id)}/documents/${encodeURIComponent(d.id)}">${L('Tải về', 'Download')} (.${FILE_TYPES[formatOf(d)].extension})</a></li>`,
        )
        .join('')}</ul>`
    : `<p class="empty">${L('Chưa có văn bản.', 'No documents yet.')}</p>`;

  const offered = data.offered;
  const approvals = approvalChain(
    data.approvals,
    data.upcoming ?? [],
    lang,
    offered ? (a) => approvalChangeButtons(viewer, visit, a, offered) : undefined,
  );

  const timeline = `<ol class="timeline">${[...data.events]
    .sort((a, b) => a.seq - b.seq)
    .map(
      (e) =>
        `<li><time datetime="${esc(e.at)}">${esc(vnDateTime(e.at))}</time><span>${eventText(e, lang, names)}</span>${
          e.actor && e.type !== 'NOTICE_SENT' ? `<span class="meta">${esc(names(e.actor))}</span>` : ''
        }</li>`,
    )
    .join('')}</ol>`;

  const members = r.members.map((m) => `<li>${esc(m.name)} — ${esc(m.position)}</li>`).join('');
  const topics = r.topics.map((x) => `<li>${esc(x)}</li>`).join('');
  const body = `<p class="kicker"><a href="/">← ${L('Chuyến công tác', 'Visits')}</a></p>
<div class="page-head"><h1>${esc(r.title)}</h1>${statusBadge(visit.status, lang)}</div>
${next ? `<p class="next">${next}</p>` : ''}
${cancelledLine(viewer, visit, vnDateTime(visit.cancellation?.at))}
${data.offered ? visitChangeButtons(viewer, visit, data.offered) : ''}
${canRecord ? `<p><a class="button primary" href="/visits/${encodeURIComponent(visit.id)}/minutes">${L('Ghi biên bản làm việc', 'Record the minutes')}</a></p>` : ''}${
  recorder && early
    ? `<p class="muted">${L('Biên bản được ghi từ ngày', 'The minutes can be recorded from')} ${esc(vnDate(r.startDate))}.</p>`
    : ''
}
${visit.failureReason ? `<p class="error">${esc(visit.failureReason)}</p>` : ''}
${copyRequestButton(viewer, visit)}
${undelivered(deliveryProblems(data.events), lang, names)}
<dl class="facts">
<dt>${L('Cơ quan cử đoàn', 'Sending agency')}</dt><dd>${esc(agencyName(r.visitingAgencyId, lang, visitAgencies(visit)))}</dd>
<dt>${L('Cơ quan đón đoàn', 'Host agency')}</dt><dd>${esc(agencyName(r.hostAgencyId, lang, visitAgencies(visit)))}</dd>
<dt>${L('Thời gian', 'Dates')}</dt><dd>${esc(dateRange(r.startDate, r.endDate))}</dd>
<dt>${L('Địa điểm', 'Place')}</dt><dd>${esc(r.place)}</dd>
<dt>${L('Người đề nghị', 'Requested by')}</dt><dd>${esc(visit.owner.name)}</dd>
<dt>${L('Trạng thái', 'Status')}</dt><dd>${esc(statusLabel(visit.status, lang))}</dd>
</dl>
<section id="documents"><h2>${L('Văn bản', 'Documents')}</h2>${docs}</section>
<section><h2>${L('Phê duyệt', 'Approvals')}</h2>${approvals}</section>
${visit.minutes?.actions.length || data.actions.length ? actionsSection(viewer, { visit, items: data.actions, today: data.today }) : ''}
<details class="request"><summary>${L('Nội dung đề nghị', 'The request')}</summary>
<h3>${L('Mục đích', 'Purpose')}</h3><p class="pre">${esc(r.purpose)}</p>
<h3>${L('Thành viên đoàn', 'Delegation')}</h3><ol>${members}</ol>
<h3>${L('Nội dung cần trao đổi', 'Topics')}</h3><ul>${topics}</ul>
<h3>${L('Người liên hệ', 'Contact')}</h3><p>${esc(r.contact.name)} · ${esc(r.contact.email)} · ${esc(r.contact.phone)}</p>
</details>
<section><h2>${L('Diễn biến', 'History')}</h2>${timeline}</section>`;
  return page({ lang, title: r.title, path: viewer.path, user: viewer.user, csrf: viewer.csrf }, body);
}
