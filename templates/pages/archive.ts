/**
 * The auditors' pages: the archive search (form, results table, next page), a visit's archive record (documents
 * with their keys, hashes and retention, and the whole event trail with its hashes) and the verification. Pure
 * rendering on the shared shell and form parts; no script, no inline style.
 */
import type { ArchivedDocumentView, ArchiveRecord } from '#domain/archive/record.ts';
import type { DocumentSignature, Verification } from '#domain/archive/verify.ts';
import { VIETNAM_OFFSET } from '#domain/clock.ts';
import type { ArchiveEntry, VisitEvent } from '#domain/ports.ts';
import { esc } from '#templates/html.ts';
import { vnDate, vnDateTime } from '#templates/words/dates.ts';
import { SIGNATURE_STATE, TRUST_WORDS } from '#templates/words/signatures.ts';
import { errorSummary, type FormState, field } from './forms.ts';
import { documentKindLabel, eventText, fileSize, type Named, nameOf } from './labels.ts';
import { page, pager, t, type Viewer } from './layout.ts';

function shell(viewer: Viewer, title: string, body: string): string {
  return page({ lang: viewer.lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf }, body);
}

/** Vietnam time with its offset stated, for the record (auditors compare instants). */
function when(iso: string | undefined): string {
  return iso ? `${vnDateTime(iso)} (${VIETNAM_OFFSET})` : '—';
}

// ---------------------------------------------------------------------------------------------------------------
// search

export interface SearchValues {
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
  agencyId?: string | undefined;
}

export interface ArchiveSearchData {
  values: SearchValues;
  /** the reason per field, in the page's language */
  errors?: Record<string, string>;
  provinces: readonly string[];
  agencies: readonly { id: string; name: string; province: string }[];
  /** absent when the search was refused */
  items?: readonly ArchiveEntry[];
  /** the link to the next page, when there is one */
  nextHref?: string;
  /** the link to the first page of the same search, when this is a later page */
  firstHref?: string;
}

function withTyped(
  options: { value: string; label: string }[],
  typed: string | undefined,
): { value: string; label: string }[] {
  // a value typed that is not in the list stays selected beside its error
  return typed && !options.some((o) => o.value === typed)
    ? [...options, { value: typed, label: typed }]
    : options;
}

export function archiveSearchPage(viewer: Viewer, d: ArchiveSearchData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const state: FormState = { lang, values: { ...d.values }, errors: d.errors ?? {} };
  const provinces = withTyped(
    d.provinces.map((p) => ({ value: p, label: p })),
    d.values.province,
  );
  const agencies = withTyped(
    d.agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.province})` })),
    d.values.agencyId,
  );
  const others = Object.entries(state.errors).filter(
    ([k]) => !['from', 'to', 'province', 'agencyId'].includes(k),
  );
  const form = `<form class="form search" method="get" action="/archive" novalidate>
${errorSummary(state)}
<fieldset><legend>${L('Điều kiện tìm kiếm', 'Search')}</legend>
<div class="pair">
${field(state, { path: 'from', label: L('Từ ngày', 'From'), type: 'day', plain: true })}
${field(state, { path: 'to', label: L('Đến ngày', 'To'), type: 'day', plain: true })}
</div>
${field(state, { path: 'province', label: L('Tỉnh', 'Province'), type: 'select', plain: true, options: provinces, placeholder: L('Tất cả các tỉnh', 'All provinces') })}
${field(state, { path: 'agencyId', label: L('Cơ quan (đón hoặc cử đoàn)', 'Agency (host or visiting)'), type: 'select', plain: true, options: agencies, placeholder: L('Tất cả các cơ quan', 'All agencies') })}
${others.map(([, why]) => `<p class="error">${esc(why)}</p>`).join('')}
<p class="actions"><button class="primary" type="submit">${L('Tìm', 'Search')}</button></p>
</fieldset>
</form>`;

  let results = '';
  if (d.items) {
    const rows = d.items
      .map((e) => {
        const id = encodeURIComponent(e.visitId);
        return `<tr>
<td>${esc(vnDate(e.date))}</td>
<td><a href="/archive/${esc(id)}">${esc(e.title)}</a>
<span class="meta">${esc(e.visitingAgency)} → ${esc(e.hostAgency)}</span>
<span class="meta">${L('Lưu trữ', 'Archived')} ${esc(vnDateTime(e.archivedAt))} · <span class="mono" title="SHA-256">${esc(e.sha256.slice(0, 16))}…</span></span></td>
<td><a href="/archive/${esc(id)}/download">${L('Tải biên bản', 'Download')}</a><br><a href="/archive/${esc(id)}/verify">${L('Kiểm tra', 'Verify')}</a></td>
</tr>`;
      })
      .join('\n');
    results = d.items.length
      ? `<table class="results">
<caption>${L('Biên bản đã lưu trữ, mới nhất trước', 'Archived minutes, newest first')}</caption>
<thead><tr><th scope="col">${L('Ngày', 'Date')}</th><th scope="col">${L('Chuyến công tác', 'Visit')}</th><th scope="col">${L('Hồ sơ', 'Files')}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
      : `<p class="empty">${L('Không có biên bản lưu trữ nào phù hợp.', 'No archived minutes match.')}</p>`;
    const pages = pager(lang, d);
    if (pages) results += `\n${pages}`;
  }

  return shell(
    viewer,
    L('Tra cứu hồ sơ lưu trữ', 'Archive search'),
    `<h1>${L('Tra cứu biên bản lưu trữ', 'Search the archived minutes')}</h1>
<p class="lead">${L('Tìm theo ngày bắt đầu chuyến công tác, theo tỉnh hoặc theo cơ quan đón hay cử đoàn.', 'By the date the visit started, by province, or by the host or visiting agency.')}</p>
${form}
${results}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// record

function documentLabel(
  d: Pick<ArchivedDocumentView, 'kind' | 'format' | 'signed'>,
  lang: Viewer['lang'],
): string {
  if (d.kind === 'manifest') return t(lang, 'Bản kê lưu trữ (manifest)', 'Archive manifest');
  const kind = documentKindLabel(d.kind, lang);
  if (d.format !== 'pdf') return `${kind} (DOCX)`;
  return `${kind} (PDF/A, ${SIGNATURE_STATE[d.signed ? 'licensed' : 'unsigned'][lang].toLocaleLowerCase('vi')})`;
}

function documentCard(d: ArchivedDocumentView, lang: Viewer['lang']): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const version = [
    d.number ? `${L('Số', 'No.')} ${esc(d.number)}` : '',
    d.version !== undefined ? `${L('bản', 'version')} ${esc(d.version)}` : '',
    d.versionId ? `${L('phiên bản S3', 'S3 version')} <span class="mono">${esc(d.versionId)}</span>` : '',
    esc(fileSize(d.size, lang)),
  ].filter(Boolean);
  return `<li class="card doc"><div><strong>${esc(documentLabel(d, lang))}</strong>
<span class="meta">${version.join(' · ')}</span>
<span class="meta">${L('Khóa', 'Key')} <span class="mono">${esc(d.key)}</span></span>
<span class="meta">SHA-256 <span class="mono">${esc(d.sha256)}</span></span>
<span class="meta">${L('Lưu trữ lúc', 'Archived')} ${esc(when(d.archivedAt))} · ${L('giữ đến', 'retained until')} ${esc(when(d.retainUntil))}</span></div>
<a class="button secondary" href="${esc(d.url)}">${L('Tải về', 'Download')}</a></li>`;
}

/** One event of the trail, naming people by name (`known`); the actor's address is kept in its title. */
function trailItem(e: VisitEvent, lang: Viewer['lang'], known: readonly Named[]): string {
  const names = (email: string) =>
    email === 'system' ? t(lang, 'Hệ thống', 'System') : nameOf(email, known);
  const who = names(e.actor);
  const file = e.type === 'DOWNLOADED' && typeof e.data?.filename === 'string' ? `: ${e.data.filename}` : '';
  return `<li id="event-${esc(e.seq)}"><time datetime="${esc(e.at)}">#${esc(e.seq)} · ${esc(when(e.at))}</time>
<span>${eventText(e, lang, names)}${esc(file)}</span>
<span class="meta"${who === e.actor ? '' : ` title="${esc(e.actor)}"`}>${esc(who)}</span>
<span class="meta">${t(lang, 'mã băm', 'hash')} <span class="mono">${esc(e.hash)}</span></span>
<span class="meta">${t(lang, 'trước', 'previous')} <span class="mono">${esc(e.prevHash || '—')}</span></span></li>`;
}

/** An archived visit's record and its trail; `known`: the names of the people the trail mentions. */
export function archiveRecordPage(viewer: Viewer, r: ArchiveRecord, known: readonly Named[] = []): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const id = encodeURIComponent(r.visitId);
  const docs = [...r.documents, ...(r.manifest ? [r.manifest] : [])];
  const dates =
    r.endDate && r.endDate !== r.startDate
      ? `${vnDate(r.startDate)} – ${vnDate(r.endDate)}`
      : vnDate(r.startDate);
  return shell(
    viewer,
    r.title,
    `<p class="kicker"><a href="/archive">← ${L('Tra cứu lưu trữ', 'Archive search')}</a></p>
<h1>${esc(r.title)}</h1>
<dl class="facts">
<dt>${L('Cơ quan cử đoàn', 'Visiting agency')}</dt><dd>${esc(r.visitingAgency.name)} (${esc(r.visitingAgency.province)})</dd>
<dt>${L('Cơ quan đón đoàn', 'Host agency')}</dt><dd>${esc(r.hostAgency.name)} (${esc(r.hostAgency.province)})</dd>
<dt>${L('Thời gian', 'Dates')}</dt><dd>${esc(dates)}</dd>
<dt>${L('Lưu trữ lúc', 'Archived at')}</dt><dd>${esc(when(r.archivedAt))}</dd>
<dt>${L('Lưu giữ đến', 'Retained until')}</dt><dd>${esc(when(r.retainUntil))}</dd>
<dt>${L('SHA-256 của biên bản', 'Minutes SHA-256')}</dt><dd class="mono">${esc(r.sha256)}</dd>
</dl>
<p class="actions"><a class="button primary" href="/archive/${esc(id)}/download">${L('Tải biên bản', 'Download the minutes')}</a>
<a class="button secondary" href="/archive/${esc(id)}/verify">${L('Kiểm tra tính toàn vẹn', 'Verify integrity')}</a></p>
<p class="next">${L('Mỗi lượt tải về được ghi vào nhật ký bên dưới (ai, tải gì, lúc nào). Liên kết tải về chỉ có hiệu lực tối đa 5 phút.', 'Every download is recorded in the trail below (who, what, when). Download links work for at most 5 minutes.')}</p>
<section><h2>${L('Văn bản lưu trữ', 'Archived documents')}</h2>
<ul class="docs">${docs.map((d) => documentCard(d, lang)).join('\n')}</ul></section>
<section><h2>${L('Nhật ký sự kiện', 'Event trail')}</h2>
<p class="muted">${L('Mỗi sự kiện mang mã băm của sự kiện liền trước: sửa, xóa hay đổi thứ tự một sự kiện đều làm đứt chuỗi.', 'Each event carries the hash of the one before it: changing, removing or reordering any event breaks the chain.')}</p>
<ol class="timeline">${r.events.map((e) => trailItem(e, lang, known)).join('\n')}</ol></section>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// verify

export function archiveVerifyPage(
  viewer: Viewer,
  d: { visitId: string; title: string; result: Verification },
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const v = d.result;
  const id = encodeURIComponent(d.visitId);
  const verdict = v.intact
    ? `<p class="confirm" role="status"><span class="badge badge-ok">${L('Nguyên vẹn', 'Intact')}</span> ${L('Văn bản lưu trữ và nhật ký sự kiện khớp với bản kê đã khóa.', 'The archived documents and the event trail match the locked manifest.')}</p>`
    : `<div class="error-summary" role="alert"><h2><span class="badge badge-bad">${L('Không nguyên vẹn', 'Not intact')}</span></h2>
<p>${L('Những chỗ không khớp với bản kê đã khóa:', 'What does not match the locked manifest:')}</p>
<ul class="problems">${v.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>`;
  const signatures = v.signatures.length
    ? `<section><h2>${L('Chữ ký số trên bản PDF', 'Digital signatures of the PDFs')}</h2>
<ul class="docs">${v.signatures.map((sig) => signatureCard(sig, lang)).join('\n')}</ul>
<p class="muted">${L(
        'Chứng thư tự cấp (thử nghiệm) chỉ chứng minh văn bản không bị thay đổi; giá trị pháp lý cần chứng thư của tổ chức cung cấp dịch vụ chứng thực chữ ký số được cấp phép (chữ ký số chuyên dùng công vụ do Ban Cơ yếu Chính phủ cấp). Tải bản PDF về và kiểm tra bằng pdfsig như hướng dẫn trong README.',
        "A self-issued (test) certificate proves only that the document is unchanged; legal force needs a licensed certification authority's certificate (public-service digital signatures are issued by the Government Cipher Committee's CA). Download a PDF and check it with pdfsig as the README shows.",
      )}</p></section>`
    : '';
  const checks = v.documents
    .map(
      (c) => `<li class="card"><strong class="mono">${esc(c.key)}</strong>
<span class="meta">${L('theo bản kê', 'in the manifest')} <span class="mono">${esc(c.expected)}</span></span>
<span class="meta">${L('đọc lại', 'read now')} <span class="mono">${esc(c.actual ?? L('(không đọc được)', '(unreadable)'))}</span></span>
<span class="badge ${c.ok ? 'badge-ok' : 'badge-bad'}">${c.ok ? L('Khớp', 'Matches') : L('Không khớp', 'Does not match')}</span></li>`,
    )
    .join('\n');
  return shell(
    viewer,
    L('Kiểm tra hồ sơ lưu trữ', 'Archive verification'),
    `<p class="kicker"><a href="/archive/${esc(id)}">← ${esc(d.title)}</a></p>
<h1>${L('Kiểm tra tính toàn vẹn', 'Integrity check')}</h1>
${verdict}
<dl class="facts">
<dt>${L('SHA-256 của biên bản (theo bản kê)', 'Minutes SHA-256 (per the manifest)')}</dt><dd class="mono">${esc(v.sha256)}</dd>
<dt>${L('Chuỗi sự kiện', 'Event chain')}</dt><dd>${v.chain === 'ok' ? L('liền mạch', 'ok') : L('bị đứt', 'broken')} · ${esc(v.events.count)} ${L('sự kiện', 'events')}</dd>
</dl>
<section><h2>${L('Văn bản đọc lại từ kho lưu trữ', 'Documents re-read from the archive')}</h2>
<ul class="docs">${checks}</ul></section>
${signatures}`,
  );
}

function signatureCard(sig: DocumentSignature, lang: Viewer['lang']): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const badge = !sig.signed
    ? `<span class="badge">${esc(SIGNATURE_STATE.unsigned[lang])}</span>`
    : sig.valid
      ? `<span class="badge badge-ok">${L('Chữ ký hợp lệ', 'Signature valid')}</span>`
      : `<span class="badge badge-bad">${L('Chữ ký không hợp lệ', 'Signature not valid')}</span>`;
  const lines = [
    sig.signer ? `${L('Người ký (chứng thư)', 'Signer (certificate)')}: ${esc(sig.signer)}` : '',
    sig.signedAt ? `${L('Thời gian ký', 'Signed at')}: <span class="mono">${esc(sig.signedAt)}</span>` : '',
    sig.timestampedAt
      ? `${L('Dấu thời gian', 'Timestamp')}: <span class="mono">${esc(sig.timestampedAt)}</span>`
      : '',
    sig.certificate
      ? `${L('Chủ thể', 'Subject')}: <span class="mono">${esc(sig.certificate.subject)}</span>`
      : '',
    sig.certificate
      ? `${L('Cấp bởi', 'Issuer')}: <span class="mono">${esc(sig.certificate.issuer)}</span>`
      : '',
    sig.certificate ? `${L('Hiệu lực đến', 'Valid until')}: ${esc(when(sig.certificate.notAfter))}` : '',
    sig.trust ? esc(TRUST_WORDS[sig.trust][lang]) : '',
  ].filter(Boolean);
  const problems = sig.problems.length
    ? `<ul class="problems">${sig.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`
    : '';
  return `<li class="card"><strong class="mono">${esc(sig.documentId)}</strong>
${lines.map((l) => `<span class="meta">${l}</span>`).join('\n')}
${badge}${problems}</li>`;
}
