/**
 * The auditors' pages: the archive search (form, results, next page), a visit's archive record (documents and the
 * whole event trail) and the verification. Pure rendering on the shared shell; no script, no inline style.
 */

import type { ArchivedDocumentView, ArchiveRecord, Verification } from '#domain/archive.ts';
import { vietnamIso } from '#domain/clock.ts';
import type { ArchiveEntry, VisitEvent } from '#domain/ports.ts';
import { esc, type Lang, page, t } from './layout.ts';

export interface PageUser {
  name: string;
  roles: readonly string[];
}

interface Common {
  lang: Lang;
  user?: PageUser;
  /** the current path and query, for the language switch */
  path: string;
}

/** A calendar date as people read it: 24/08/2026 in Vietnamese, 2026-08-24 in English. */
export function showDate(lang: Lang, date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || lang === 'en') return date;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An instant in Vietnam time: 24/08/2026 08:00:05 (+07:00). */
export function showTime(lang: Lang, iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const local = vietnamIso(at); // 2026-08-24T08:00:05+07:00
  return `${showDate(lang, local.slice(0, 10))} ${local.slice(11, 19)} (+07:00)`;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

// ---------------------------------------------------------------------------------------------------------------
// search

export interface SearchValues {
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
  agencyId?: string | undefined;
}

export interface ArchiveSearchPage extends Common {
  values: SearchValues;
  /** the reason per field, in the page's language */
  errors?: Record<string, string>;
  provinces: readonly string[];
  agencies: readonly { id: string; name: string; province: string }[];
  /** undefined when the search was refused */
  items?: readonly ArchiveEntry[];
  /** the link to the next page, when there is one */
  nextHref?: string;
  /** true when this is not the first page */
  paged?: boolean;
  /** the link to the first page of the same search */
  firstHref?: string;
}

function fieldError(errors: Record<string, string> | undefined, name: string): string {
  const why = errors?.[name];
  return why ? `<p class="field-error" id="${name}-error" role="alert">${esc(why)}</p>` : '';
}

function invalid(errors: Record<string, string> | undefined, name: string): string {
  return errors?.[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
}

export function archiveSearchPage(p: ArchiveSearchPage): string {
  const { lang, values, errors } = p;
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const provinceOptions = [
    option('', t(lang, 'Tất cả các tỉnh', 'All provinces'), !values.province),
    ...p.provinces.map((pr) => option(pr, pr, pr === values.province)),
  ];
  // a value typed that is not in the list stays visible beside its error
  if (values.province && !p.provinces.includes(values.province))
    provinceOptions.push(option(values.province, values.province, true));
  const agencyOptions = [
    option('', t(lang, 'Tất cả các cơ quan', 'All agencies'), !values.agencyId),
    ...p.agencies.map((a) => option(a.id, `${a.name} (${a.province})`, a.id === values.agencyId)),
  ];
  if (values.agencyId && !p.agencies.some((a) => a.id === values.agencyId))
    agencyOptions.push(option(values.agencyId, values.agencyId, true));

  const form = `<form class="search" method="get" action="/archive" novalidate>
${errors && Object.keys(errors).length > 0 ? `<p class="form-error" role="alert">${t(lang, 'Điều kiện tìm kiếm chưa hợp lệ, xem các ô được đánh dấu.', 'The search is not valid; see the marked fields.')}</p>` : ''}
<div class="field"><label for="from">${t(lang, 'Từ ngày', 'From')}</label>
<input type="date" id="from" name="from" value="${esc(values.from)}"${invalid(errors, 'from')}>${fieldError(errors, 'from')}</div>
<div class="field"><label for="to">${t(lang, 'Đến ngày', 'To')}</label>
<input type="date" id="to" name="to" value="${esc(values.to)}"${invalid(errors, 'to')}>${fieldError(errors, 'to')}</div>
<div class="field"><label for="province">${t(lang, 'Tỉnh', 'Province')}</label>
<select id="province" name="province"${invalid(errors, 'province')}>${provinceOptions.join('')}</select>${fieldError(errors, 'province')}</div>
<div class="field"><label for="agencyId">${t(lang, 'Cơ quan', 'Agency')}</label>
<select id="agencyId" name="agencyId"${invalid(errors, 'agencyId')}>${agencyOptions.join('')}</select>${fieldError(errors, 'agencyId')}</div>
${fieldError(errors, 'limit')}${fieldError(errors, 'cursor')}
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${t(lang, 'Tìm', 'Search')}</button>
</form>`;

  let results = '';
  if (p.items) {
    const rows = p.items
      .map(
        (e) => `<tr>
<td>${esc(showDate(lang, e.date))}</td>
<td><a href="/archive/${esc(encodeURIComponent(e.visitId))}">${esc(e.title)}</a></td>
<td>${esc(e.hostAgency)}<br><small>${esc(e.hostProvince)}</small></td>
<td>${esc(e.visitingAgency)}<br><small>${esc(e.visitingProvince)}</small></td>
<td>${esc(showTime(lang, e.archivedAt))}</td>
<td><code class="hash" title="${esc(e.sha256)}">${esc(e.sha256.slice(0, 12))}…</code></td>
<td class="actions"><a href="/archive/${esc(encodeURIComponent(e.visitId))}/download">${t(lang, 'Tải biên bản', 'Download minutes')}</a>
<a href="/archive/${esc(encodeURIComponent(e.visitId))}/verify">${t(lang, 'Kiểm tra', 'Verify')}</a></td>
</tr>`,
      )
      .join('\n');
    results =
      p.items.length === 0
        ? `<p class="empty">${t(lang, 'Không có biên bản lưu trữ nào phù hợp.', 'No archived minutes match.')}</p>`
        : `<table class="results">
<caption>${t(lang, 'Biên bản đã lưu trữ, mới nhất trước', 'Archived minutes, newest first')}</caption>
<thead><tr><th scope="col">${t(lang, 'Ngày làm việc', 'Visit date')}</th><th scope="col">${t(lang, 'Nội dung', 'Title')}</th><th scope="col">${t(lang, 'Cơ quan đón', 'Host')}</th><th scope="col">${t(lang, 'Đoàn đến từ', 'Visiting')}</th><th scope="col">${t(lang, 'Lưu trữ lúc', 'Archived at')}</th><th scope="col">SHA-256</th><th scope="col"></th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
    const nav = [
      p.paged && p.firstHref
        ? `<a href="${esc(p.firstHref)}">${t(lang, '« Trang đầu', '« First page')}</a>`
        : '',
      p.nextHref
        ? `<a rel="next" href="${esc(p.nextHref)}">${t(lang, 'Trang sau »', 'Next page »')}</a>`
        : '',
    ].filter(Boolean);
    if (nav.length > 0) results += `\n<nav class="pager">${nav.join(' ')}</nav>`;
  }

  return page(
    {
      lang,
      title: t(lang, 'Tra cứu lưu trữ', 'Archive search'),
      path: p.path,
      ...(p.user ? { user: p.user } : {}),
    },
    `<h1>${t(lang, 'Tra cứu biên bản lưu trữ', 'Search the archived minutes')}</h1>
<p>${t(lang, 'Tìm theo ngày bắt đầu chuyến công tác, tỉnh hoặc cơ quan (đón hoặc cử đoàn).', 'Search by the date the visit started, by province or by agency (host or visiting).')}</p>
${form}
${results}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// record

const EVENT_LABELS: Record<string, [string, string]> = {
  SUBMITTED: ['Gửi đề nghị', 'Request submitted'],
  AGENDA_DRAFTED: ['Soạn chương trình', 'Agenda drafted'],
  DECIDED: ['Quyết định', 'Decision'],
  APPROVED: ['Phê duyệt chương trình', 'Agenda approved'],
  CHANGES_REQUESTED: ['Yêu cầu chỉnh sửa', 'Changes requested'],
  REJECTED: ['Từ chối', 'Rejected'],
  REMINDER_DUE: ['Nhắc hạn', 'Reminder due'],
  ESCALATED: ['Chuyển cấp phó', 'Escalated to the deputy'],
  EXPIRED: ['Hết hạn', 'Expired'],
  MINUTES_DRAFTED: ['Soạn biên bản', 'Minutes drafted'],
  MINUTES_APPROVED: ['Chủ tọa ký duyệt biên bản', 'Minutes signed off'],
  MINUTES_CHANGES_REQUESTED: ['Yêu cầu sửa biên bản', 'Changes to the minutes requested'],
  NOTICE_SENT: ['Gửi thư thông báo', 'Notice sent'],
  ARCHIVED: ['Lưu trữ', 'Archived'],
  DOWNLOADED: ['Tải về', 'Downloaded'],
  FAILED: ['Lỗi', 'Failed'],
};

function eventLabel(lang: Lang, type: string): string {
  const label = EVENT_LABELS[type];
  return label
    ? `${t(lang, label[0], label[1])} <small><code>${esc(type)}</code></small>`
    : `<code>${esc(type)}</code>`;
}

function eventData(data: VisitEvent['data']): string {
  if (!data) return '';
  const parts = Object.entries(data).map(
    ([k, v]) =>
      `<span class="kv"><span class="k">${esc(k)}</span>: ${esc(typeof v === 'string' ? v : JSON.stringify(v))}</span>`,
  );
  return parts.join('<br>');
}

function documentKind(lang: Lang, d: ArchivedDocumentView): string {
  switch (d.kind) {
    case 'minutes':
      return t(lang, 'Biên bản làm việc', 'Minutes');
    case 'agenda':
      return t(lang, 'Chương trình làm việc', 'Work programme');
    case 'manifest':
      return t(lang, 'Bản kê lưu trữ', 'Archive manifest');
  }
}

export function archiveRecordPage(p: Common & { record: ArchiveRecord }): string {
  const { lang, record: r } = p;
  const id = encodeURIComponent(r.visitId);
  const docs = [...r.documents, ...(r.manifest ? [r.manifest] : [])];
  const docRows = docs
    .map(
      (d) => `<tr>
<th scope="row">${documentKind(lang, d)}${d.number ? `<br><small>${t(lang, 'Số', 'No.')} ${esc(d.number)}</small>` : ''}</th>
<td>${d.version !== undefined ? `v${esc(d.version)}` : ''}${d.versionId ? `<br><small>${t(lang, 'phiên bản S3', 'S3 version')} <code>${esc(d.versionId)}</code></small>` : ''}</td>
<td><code>${esc(d.key)}</code></td>
<td><code class="hash">${esc(d.sha256)}</code></td>
<td>${esc(size(d.size))}</td>
<td>${esc(showTime(lang, d.archivedAt))}</td>
<td>${esc(showTime(lang, d.retainUntil))}</td>
<td><a href="${esc(d.url)}">${t(lang, 'Tải về', 'Download')}</a><br><small>${esc(d.filename)}</small></td>
</tr>`,
    )
    .join('\n');
  const eventRows = r.events
    .map(
      (e) => `<tr id="event-${esc(e.seq)}">
<td>${esc(e.seq)}</td>
<td>${esc(showTime(lang, e.at))}</td>
<td>${esc(e.actor === 'system' ? t(lang, 'hệ thống', 'system') : e.actor)}</td>
<td>${eventLabel(lang, e.type)}${e.data ? `<div class="data">${eventData(e.data)}</div>` : ''}</td>
<td><code class="hash">${esc(e.hash)}</code><br><small>${t(lang, 'trước', 'previous')}: <code>${esc(e.prevHash ? `${e.prevHash.slice(0, 12)}…` : '—')}</code></small></td>
</tr>`,
    )
    .join('\n');
  return page(
    { lang, title: r.title, path: p.path, ...(p.user ? { user: p.user } : {}) },
    `<p><a href="/archive">${t(lang, '« Tra cứu lưu trữ', '« Archive search')}</a></p>
<h1>${esc(r.title)}</h1>
<dl class="record">
<dt>${t(lang, 'Cơ quan đón đoàn', 'Host agency')}</dt><dd>${esc(r.hostAgency.name)} (${esc(r.hostAgency.province)})</dd>
<dt>${t(lang, 'Đoàn đến từ', 'Visiting agency')}</dt><dd>${esc(r.visitingAgency.name)} (${esc(r.visitingAgency.province)})</dd>
<dt>${t(lang, 'Thời gian làm việc', 'Dates')}</dt><dd>${esc(showDate(lang, r.startDate))}${r.endDate && r.endDate !== r.startDate ? ` – ${esc(showDate(lang, r.endDate))}` : ''}</dd>
<dt>${t(lang, 'Lưu trữ lúc', 'Archived at')}</dt><dd>${esc(showTime(lang, r.archivedAt))}</dd>
<dt>${t(lang, 'Lưu giữ đến', 'Retained until')}</dt><dd>${esc(showTime(lang, r.retainUntil))}</dd>
<dt>${t(lang, 'SHA-256 của biên bản', 'Minutes SHA-256')}</dt><dd><code class="hash">${esc(r.sha256)}</code></dd>
</dl>
<p class="actions"><a href="/archive/${esc(id)}/download">${t(lang, 'Tải biên bản', 'Download the minutes')}</a>
<a href="/archive/${esc(id)}/verify">${t(lang, 'Kiểm tra tính toàn vẹn', 'Verify integrity')}</a></p>
<p class="note">${t(lang, 'Mỗi lượt tải về được ghi vào nhật ký bên dưới. Liên kết tải về có hiệu lực tối đa 5 phút.', 'Every download is recorded in the trail below. Download links are valid for at most 5 minutes.')}</p>
<h2>${t(lang, 'Văn bản lưu trữ', 'Archived documents')}</h2>
<table class="documents">
<thead><tr><th scope="col">${t(lang, 'Văn bản', 'Document')}</th><th scope="col">${t(lang, 'Phiên bản', 'Version')}</th><th scope="col">${t(lang, 'Khóa', 'Key')}</th><th scope="col">SHA-256</th><th scope="col">${t(lang, 'Dung lượng', 'Size')}</th><th scope="col">${t(lang, 'Lưu trữ lúc', 'Archived at')}</th><th scope="col">${t(lang, 'Lưu giữ đến', 'Retain until')}</th><th scope="col"></th></tr></thead>
<tbody>
${docRows}
</tbody></table>
<h2>${t(lang, 'Nhật ký sự kiện', 'Event trail')}</h2>
<p class="note">${t(lang, 'Mỗi sự kiện mang mã băm của sự kiện trước: sửa, xóa hay đổi thứ tự một sự kiện đều làm chuỗi bị đứt.', 'Each event carries the hash of the one before it: changing, removing or reordering any event breaks the chain.')}</p>
<table class="events">
<thead><tr><th scope="col">#</th><th scope="col">${t(lang, 'Thời điểm', 'When')}</th><th scope="col">${t(lang, 'Người thực hiện', 'Who')}</th><th scope="col">${t(lang, 'Việc', 'What')}</th><th scope="col">${t(lang, 'Mã băm', 'Hash')}</th></tr></thead>
<tbody>
${eventRows}
</tbody></table>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// verify

export function archiveVerifyPage(
  p: Common & { visitId: string; title?: string; result: Verification },
): string {
  const { lang, result: v } = p;
  const id = encodeURIComponent(p.visitId);
  const verdict = v.intact
    ? `<p class="verdict ok" role="status">${t(lang, 'Nguyên vẹn: văn bản lưu trữ và nhật ký sự kiện khớp với bản kê đã khóa.', 'Intact: the archived documents and the event trail match the locked manifest.')}</p>`
    : `<p class="verdict broken" role="alert">${t(lang, 'Không nguyên vẹn: có nội dung không khớp với bản kê đã khóa.', 'Not intact: something does not match the locked manifest.')}</p>`;
  const problems =
    v.problems.length > 0
      ? `<h2>${t(lang, 'Những chỗ không khớp', 'What does not match')}</h2>
<ul class="problems">${v.problems.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`
      : '';
  const rows = v.documents
    .map(
      (d) => `<tr class="${d.ok ? 'ok' : 'broken'}">
<td><code>${esc(d.key)}</code></td>
<td><code class="hash">${esc(d.expected)}</code></td>
<td><code class="hash">${esc(d.actual ?? t(lang, '(không đọc được)', '(unreadable)'))}</code></td>
<td>${d.ok ? t(lang, 'Khớp', 'Matches') : t(lang, 'Không khớp', 'Does not match')}</td>
</tr>`,
    )
    .join('\n');
  return page(
    {
      lang,
      title: t(lang, 'Kiểm tra lưu trữ', 'Archive verification'),
      path: p.path,
      ...(p.user ? { user: p.user } : {}),
    },
    `<p><a href="/archive/${esc(id)}">${t(lang, '« Hồ sơ lưu trữ', '« Archive record')}</a></p>
<h1>${t(lang, 'Kiểm tra tính toàn vẹn', 'Integrity check')}${p.title ? `: ${esc(p.title)}` : ''}</h1>
${verdict}
<dl class="record">
<dt>${t(lang, 'SHA-256 của biên bản (theo bản kê)', 'Minutes SHA-256 (per the manifest)')}</dt><dd><code class="hash">${esc(v.sha256)}</code></dd>
<dt>${t(lang, 'Chuỗi sự kiện', 'Event chain')}</dt><dd>${v.chain === 'ok' ? t(lang, 'liền mạch', 'ok') : t(lang, 'bị đứt', 'broken')} (${esc(v.events.count)} ${t(lang, 'sự kiện', 'events')})</dd>
</dl>
${problems}
<h2>${t(lang, 'Văn bản đọc lại từ kho lưu trữ', 'Documents re-read from the archive')}</h2>
<table class="documents">
<thead><tr><th scope="col">${t(lang, 'Khóa', 'Key')}</th><th scope="col">${t(lang, 'SHA-256 theo bản kê', 'SHA-256 in the manifest')}</th><th scope="col">${t(lang, 'SHA-256 đọc được', 'SHA-256 read now')}</th><th scope="col"></th></tr></thead>
<tbody>
${rows}
</tbody></table>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// errors

export function archiveErrorPage(p: Common & { status: number; message: string }): string {
  const { lang } = p;
  return page(
    { lang, title: p.message, path: p.path, ...(p.user ? { user: p.user } : {}) },
    `<h1>${esc(p.message)}</h1>
<p class="status">${t(lang, 'Mã lỗi', 'Status')} ${esc(p.status)}</p>
<p><a href="/archive">${t(lang, 'Về trang tra cứu lưu trữ', 'Back to the archive search')}</a></p>`,
  );
}
