/**
 * The approval page behind an emailed link (GET /approve/{token}): the draft's summary, its download and the
 * decisions offered. Showing it changes nothing; only the button POST decides. Then the confirmation. (The page of
 * a link that is unknown, expired or used is one of the error pages.)
 */
import type { Approval } from '#domain/ports.ts';
import type { DocumentRecord, Language, Visit } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, vnDate, vnDateTime } from '#templates/words/dates.ts';
import { decisionsSoFar } from './chain.ts';
import { errorSummary, type FormState, field } from './forms.ts';
import {
  agencyName,
  decidedLabel,
  decisionLabel,
  documentKindLabel,
  fileSize,
  visitAgencies,
} from './labels.ts';
import { page, t, type Viewer } from './layout.ts';

export interface ApprovalPageData {
  approval: Pick<Approval, 'kind' | 'person' | 'expiresAt' | 'step' | 'role'>;
  visit: Visit;
  document?: Pick<DocumentRecord, 'number' | 'version' | 'size' | 'kind'>;
  token: string;
  decisions: readonly string[];
  state: FormState;
  /** the visit's approvals: those decided so far are shown with their comments */
  approvals?: readonly Approval[];
}

function draftSummary(visit: Visit, kind: Approval['kind'], lang: Language): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const r = visit.request;
  if (kind === 'minutes' && visit.minutes) {
    const m = visit.minutes;
    return `<dl class="facts">
<dt>${L('Thời gian', 'Time')}</dt><dd>${esc(vnDateTime(m.startedAt))} – ${esc(vnDateTime(m.endedAt).slice(-5))}</dd>
<dt>${L('Địa điểm', 'Place')}</dt><dd>${esc(m.place)}</dd>
<dt>${L('Chủ tọa', 'Chair')}</dt><dd>${esc(m.chair.name)}</dd>
<dt>${L('Thư ký', 'Secretary')}</dt><dd>${esc(m.secretary.name)}</dd>
</dl>
<h3>${L('Thành phần tham dự', 'Attendees')}</h3>
${(['host', 'visiting'] as const)
  .map((side) => {
    const people = m.attendees.filter((a) => a.side === side);
    return people.length
      ? `<p><strong>${side === 'host' ? L('Bên đón đoàn', 'Host side') : L('Đoàn công tác', 'Delegation')}</strong></p><ul>${people.map((a) => `<li>${esc(a.name)} — ${esc(a.position)}</li>`).join('')}</ul>`
      : '';
  })
  .join('')}
<h3>${L('Nội dung', 'Content')}</h3><ol>${m.items.map((i) => `<li><strong>${esc(i.heading)}</strong><p class="pre">${esc(i.content)}</p></li>`).join('')}</ol>
<h3>${L('Kết luận', 'Conclusions')}</h3><ul>${m.conclusions.map((c) => `<li class="pre">${esc(c)}</li>`).join('')}</ul>
${
  m.actions.length
    ? `<h3>${L('Phân công thực hiện', 'Action items')}</h3><ul>${m.actions.map((a) => `<li>${esc(a.task)} — ${esc(a.owner)} (${L('hạn', 'due')} ${esc(vnDate(a.due))})</li>`).join('')}</ul>`
    : ''
}`;
  }
  return `<h3>${L('Mục đích', 'Purpose')}</h3><p class="pre">${esc(r.purpose)}</p>
<h3>${L('Thành viên đoàn', 'Delegation')}</h3><ol>${r.members.map((m) => `<li>${esc(m.name)} — ${esc(m.position)}</li>`).join('')}</ol>
<h3>${L('Nội dung cần trao đổi', 'Topics')}</h3><ul>${r.topics.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
${
  r.agenda.length
    ? `<h3>${L('Chương trình dự kiến', 'Proposed agenda')}</h3><ul>${r.agenda.map((a) => `<li>${esc(a.start)}–${esc(a.end)}: ${esc(a.content)}${a.presenter ? ` (${esc(a.presenter)})` : ''}</li>`).join('')}</ul>`
    : ''
}`;
}

/**
 * The decision bar, first on the page so a phone shows it without scrolling: the errors of a refused post right
 * above the comment they name, the comment, and the decisions offered. Approve and reject are confirmed on the
 * next page (confirmDecision) before they are final.
 */
function decisionBar(d: ApprovalPageData, lang: Language): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const buttons = d.decisions
    .map(
      (x) =>
        `<button type="submit" name="decision" value="${esc(x)}" class="${x === 'approve' ? 'primary' : x === 'reject' ? 'danger' : 'secondary'}">${esc(decisionLabel(x, lang))}</button>`,
    )
    .join('');
  return `<form method="post" action="/approve/${esc(d.token)}#errors" class="form decide decision-bar" id="decide" novalidate>
${errorSummary(d.state)}
${field(d.state, {
  path: 'comment',
  // the label names only the decisions offered (the chair's sign-off has no rejection)
  label: d.decisions.includes('reject')
    ? L(
        'Ý kiến (bắt buộc khi yêu cầu chỉnh sửa hoặc từ chối)',
        'Comment (required when requesting changes or rejecting)',
      )
    : L('Ý kiến (bắt buộc khi yêu cầu chỉnh sửa)', 'Comment (required when requesting changes)'),
  type: 'textarea',
  rows: 3,
  plain: true,
})}
${d.state.errors.decision ? `<p class="error">${esc(d.state.errors.decision)}</p>` : ''}
<div class="actions decisions">${buttons}</div>
<p class="hint">${
    d.decisions.includes('reject')
      ? L(
          'Phê duyệt hoặc từ chối được xác nhận ở bước sau.',
          'Approving or rejecting is confirmed on the next step.',
        )
      : L('Phê duyệt được xác nhận ở bước sau.', 'Approving is confirmed on the next step.')
  } ${L('Mỗi liên kết chỉ dùng được một lần.', 'Each link can be used once.')}</p>
</form>`;
}

export function approvalPage(viewer: Viewer, d: ApprovalPageData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const r = d.visit.request;
  const minutes = d.approval.kind === 'minutes';
  const title = minutes
    ? L('Duyệt biên bản làm việc', 'Sign off the minutes')
    : L('Phê duyệt chương trình làm việc', 'Approve the work programme');
  const doc = d.document
    ? `<div class="card doc"><div><strong>${esc(documentKindLabel(d.document.kind, lang))}</strong>
<span class="meta">${L('Số', 'No.')} ${esc(d.document.number)} · ${L('dự thảo bản', 'draft version')} ${d.document.version} · ${esc(fileSize(d.document.size, lang))}</span></div>
<a class="button secondary" href="/approve/${esc(d.token)}/document">${L('Tải dự thảo', 'Download the draft')} (.docx)</a></div>`
    : '';
  const body = `<p class="kicker">${L('Kính gửi', 'For')} ${esc(d.approval.person.name)}${d.approval.person.position ? `, ${esc(d.approval.person.position)}` : ''}</p>
<h1>${esc(title)}</h1>
<p class="lead"><strong>${esc(r.title)}</strong> · ${esc(dateRange(r.startDate, r.endDate))} · ${L('hạn xử lý', 'decide by')} ${esc(vnDateTime(d.approval.expiresAt))}</p>
${decisionBar(d, lang)}
<div class="card summary">
<h2 class="visit-title">${esc(r.title)}</h2>
<dl class="facts">
<dt>${L('Cơ quan cử đoàn', 'Sending agency')}</dt><dd>${esc(agencyName(r.visitingAgencyId, lang, visitAgencies(d.visit)))}</dd>
<dt>${L('Cơ quan đón đoàn', 'Host agency')}</dt><dd>${esc(agencyName(r.hostAgencyId, lang, visitAgencies(d.visit)))}</dd>
<dt>${L('Thời gian', 'Dates')}</dt><dd>${esc(dateRange(r.startDate, r.endDate))}</dd>
<dt>${L('Địa điểm', 'Place')}</dt><dd>${esc(r.place)}</dd>
<dt>${L('Hạn xử lý', 'Decide by')}</dt><dd>${esc(vnDateTime(d.approval.expiresAt))}</dd>
</dl>
</div>
${doc}
${decisionsSoFar(d.approvals ?? [], lang)}
<details class="request" open><summary>${minutes ? L('Tóm tắt biên bản', 'Summary of the minutes') : L('Tóm tắt đề nghị', 'Summary of the request')}</summary>
${draftSummary(d.visit, d.approval.kind, lang)}
</details>`;
  return page({ lang, title, path: viewer.path, bare: true }, body);
}

/**
 * The step before a final decision (approve, reject): what will be decided, the comment that goes with it, and a
 * button that posts the same decision again with `confirm=yes`; "back" redraws the form with the comment kept.
 * Reached only by the decision's POST, never by a GET (mail scanners fetch links).
 */
export function confirmDecision(
  viewer: Viewer,
  d: { token: string; decision: string; comment?: string; kind: Approval['kind']; visit: Visit },
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const reject = d.decision === 'reject';
  const title = reject
    ? L('Xác nhận từ chối', 'Confirm the rejection')
    : L('Xác nhận phê duyệt', 'Confirm the approval');
  const what =
    d.kind === 'minutes'
      ? L('biên bản làm việc', 'the minutes')
      : L('chương trình làm việc', 'the work programme');
  const r = d.visit.request;
  return page(
    // the language switch posts the form back: the decision form is drawn again with the comment kept
    { lang, title, path: viewer.path, bare: true, form: { id: 'confirm', submit: title } },
    `<h1>${esc(title)}</h1>
<p class="lead">${reject ? L('Bạn sắp từ chối', 'You are about to reject') : L('Bạn sắp phê duyệt', 'You are about to approve')} ${esc(what)}: <strong>${esc(r.title)}</strong> · ${esc(dateRange(r.startDate, r.endDate))}.</p>
${d.comment ? `<p>${L('Ý kiến kèm theo', 'With the comment')}:</p><blockquote>${esc(d.comment)}</blockquote>` : ''}
<p>${L('Sau khi xác nhận, quyết định không thể thay đổi.', 'Once confirmed, the decision cannot be changed.')}</p>
<form method="post" action="/approve/${esc(d.token)}" class="form decide" id="confirm" novalidate>
<input type="hidden" name="decision" value="${esc(d.decision)}">
<input type="hidden" name="comment" value="${esc(d.comment ?? '')}">
<div class="actions decisions"><button type="submit" name="confirm" value="yes" class="${reject ? 'danger' : 'primary'}">${esc(title)}</button>
<button type="submit" name="_lang" value="${lang}" class="secondary">${L('Quay lại', 'Go back')}</button></div>
</form>`,
  );
}

/** After a decision was recorded. */
export function decisionRecorded(
  viewer: Viewer,
  d: { decision: string; kind: Approval['kind']; visit: Visit; comment?: string },
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = L('Đã ghi nhận quyết định', 'Decision recorded');
  const then =
    d.decision === 'approve'
      ? d.kind === 'minutes'
        ? L('Biên bản sẽ được lưu trữ.', 'The minutes are now archived.')
        : L('Đề nghị được chuyển bước tiếp theo.', 'The request moves on to its next step.')
      : d.decision === 'changes'
        ? L('Người lập sẽ nhận thư để chỉnh sửa.', 'Its author gets a mail to make the changes.')
        : L('Người đề nghị sẽ nhận thư thông báo.', 'The requester is told by mail.');
  return page(
    { lang, title, path: viewer.path, bare: true },
    `<div class="confirm"><h1>${esc(title)}</h1>
<p class="big">${esc(decidedLabel(d.decision, lang))}</p>
<p><strong>${esc(d.visit.request.title)}</strong> · ${esc(dateRange(d.visit.request.startDate, d.visit.request.endDate))}</p>
${d.comment ? `<blockquote>${esc(d.comment)}</blockquote>` : ''}
<p>${esc(then)} ${L('Bạn có thể đóng trang này.', 'You can close this page.')}</p></div>`,
  );
}
