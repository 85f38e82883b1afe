/**
 * The visit request form (Đề nghị làm việc): new at GET /visits/new, and the revision after "changes" at
 * GET /visits/{id}/revise/{token}, prefilled with the current request and the approver's comment.
 */
import { randomUUID } from 'node:crypto';
import { POLICY } from '#domain/policy.ts';
import type { AgencyNames, VisitRequest } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, vnDate, vnDateTime } from '#templates/words/dates.ts';
import {
  csrfInput,
  draftNote,
  errorSummary,
  type FormState,
  type FormView,
  field,
  fixed,
  requiredNote,
  rows,
  saveDraftButton,
} from './forms.ts';
import { agencyName } from './labels.ts';
import { page, t, type Viewer } from './layout.ts';

/** The request form's id: its default button and the language switch name it. */
const REQUEST_FORM = 'request-form';

export interface RequestFormOptions {
  viewer: Viewer;
  /** the agencies offered (those in force today); for a revision, the visit's two */
  agencies: readonly AgencyNames[];
  state: FormState;
  /** the last date the visit may start on (YYYY-MM-DD): at most POLICY.startWithinDays after the request */
  latestStart: string;
  /** a new request's draft: the one it resumes (kept at that instant), or what the last post did with it */
  draft?: { resumedFrom?: string; view?: FormView };
  /** absent: a new request; present: the revision of a visit through its link */
  revision?: { visitId: string; token: string; comment: string; expiresAt: string; approver?: string };
}

/** The values a new request starts with: the user's agency as the sending one and the user as the contact. */
export function newRequestValues(user: {
  name: string;
  email: string;
  agencyId: string;
}): Record<string, unknown> {
  return {
    // the submission's idempotency key: a second post of the same form finds the visit the first one made
    _key: randomUUID(),
    visitingAgencyId: user.agencyId,
    language: 'vi',
    members: [{ name: '', position: '' }],
    topics: [''],
    agenda: [],
    contact: { name: user.name, email: user.email, phone: '' },
  };
}

/** A stored request as form values. */
export function requestValues(request: VisitRequest): Record<string, unknown> {
  return { ...request, agenda: request.agenda.length ? request.agenda : [] };
}

export function requestForm(o: RequestFormOptions): string {
  const { viewer, state, revision } = o;
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const own = viewer.user?.agencyId;
  // the sending agency is the requester's own (the only one accepted); the host is any other agency in force
  const hostOptions = o.agencies
    .filter((a) => a.id !== own)
    .map((a) => ({ value: a.id, label: lang === 'vi' ? a.name : a.nameEn }));
  const action = revision
    ? `/visits/${encodeURIComponent(revision.visitId)}/revise/${revision.token}`
    : '/visits';
  const title = revision
    ? L('Chỉnh sửa đề nghị làm việc', 'Revise the visit request')
    : L('Đề nghị làm việc mới', 'New visit request');
  const submit = revision
    ? L('Gửi đề nghị đã chỉnh sửa', 'Send the revised request')
    : L('Gửi đề nghị', 'Send the request');

  const sending = fixed(
    state,
    'visitingAgencyId',
    L('Cơ quan cử đoàn', 'Sending (visiting) agency'),
    agencyName(String(state.values.visitingAgencyId ?? ''), lang, o.agencies),
  );
  const agencies = revision
    ? `${sending}
${fixed(state, 'hostAgencyId', L('Cơ quan đón đoàn', 'Host agency'), agencyName(String(state.values.hostAgencyId ?? ''), lang, o.agencies))}`
    : `${sending}
${field(state, {
  path: 'hostAgencyId',
  label: L('Cơ quan đón đoàn', 'Host agency'),
  type: 'select',
  required: true,
  options: hostOptions,
  placeholder: L('— Chọn cơ quan —', '— Choose an agency —'),
  hint: L(
    'Người phê duyệt do cơ quan đón đoàn quy định.',
    "The host agency's own approval chain decides on the request.",
  ),
})}`;
  const delegationOf = field(state, {
    path: 'delegationOf',
    label: L('Đoàn công tác của', 'Delegation of'),
    hint: L(
      'Nếu đoàn không mang tên cơ quan cử đoàn, ví dụ: Ban Chỉ đạo 35 tỉnh Thanh Hóa',
      'If the delegation is not named after the visiting agency, e.g. Ban Chỉ đạo 35 tỉnh Thanh Hóa',
    ),
  });

  const intro = revision
    ? `<div class="callout"><h2>${L('Ý kiến của người phê duyệt', "The approver's comment")}</h2>
<blockquote>${esc(revision.comment || L('(không có ý kiến)', '(no comment)'))}</blockquote>
${revision.approver ? `<p class="muted">${esc(revision.approver)}</p>` : ''}
<p>${L('Sửa đề nghị theo ý kiến trên rồi gửi lại; chương trình làm việc sẽ được lập lại và gửi phê duyệt. Liên kết có hiệu lực đến', 'Change the request as asked and send it again; the programme is then redrafted and sent for approval. This link works until')} ${esc(vnDateTime(revision.expiresAt))}.</p></div>`
    : `<p class="lead">${L(
        'Điền thông tin đoàn công tác. Chương trình làm việc được lập tự động và gửi lãnh đạo cơ quan đón đoàn phê duyệt.',
        "Describe the delegation's visit. The work programme is drafted from it and sent to the host agency's leaders for approval.",
      )}</p>`;

  const body = `<h1>${esc(title)}</h1>
${intro}
${errorSummary(state)}
${revision ? '' : draftNote(lang, { ...o.draft, form: REQUEST_FORM })}
${requiredNote(lang)}
<form method="post" action="${esc(action)}" class="form" id="${REQUEST_FORM}" novalidate>
${csrfInput(viewer.csrf)}${typeof state.values._key === 'string' ? `<input type="hidden" name="_key" value="${esc(state.values._key)}">` : ''}
<fieldset><legend>${L('Cơ quan', 'Agencies')}</legend>
${agencies}
${delegationOf}
</fieldset>
<fieldset><legend>${L('Nội dung làm việc', 'The visit')}</legend>
${field(state, { path: 'title', label: L('Tiêu đề', 'Title'), required: true, hint: L('Ví dụ: Trao đổi kinh nghiệm thực hiện Nghị quyết 35', 'e.g. Exchange of experience on implementing Resolution 35') })}
${field(state, { path: 'purpose', label: L('Mục đích', 'Purpose'), type: 'textarea', rows: 4, required: true })}
<div class="pair">
${field(state, {
  path: 'startDate',
  label: L('Ngày bắt đầu', 'Start date'),
  type: 'day',
  required: true,
  hint: L(
    `Không muộn hơn ${vnDate(o.latestStart)}: tối đa ${POLICY.startWithinDays} ngày kể từ ngày gửi đề nghị.`,
    `No later than ${vnDate(o.latestStart)}: at most ${POLICY.startWithinDays} days after the request.`,
  ),
})}
${field(state, { path: 'endDate', label: L('Ngày kết thúc', 'End date'), type: 'day', required: true })}
</div>
${field(state, { path: 'place', label: L('Địa điểm', 'Place'), required: true, hint: L('Ví dụ: Hội trường Ban Tuyên giáo Tỉnh ủy', 'e.g. the Commission’s meeting hall') })}
${field(state, {
  path: 'language',
  label: L('Ngôn ngữ văn bản và thư', 'Language of documents and mail'),
  type: 'select',
  required: true,
  options: [
    { value: 'vi', label: 'Tiếng Việt' },
    { value: 'en', label: 'English' },
  ],
})}
</fieldset>
${rows(state, {
  group: 'members',
  legend: L('Thành viên đoàn công tác', 'Members of the working delegation'),
  hint: L('Trưởng đoàn ghi đầu tiên.', 'The head of delegation first.'),
  min: 1,
  fixedFirst: true,
  addLabel: L('Thêm thành viên', 'Add a member'),
  rowLabel: (i) =>
    i === 0 ? L('Trưởng đoàn', 'Head of delegation') : `${L('Thành viên', 'Member')} ${i + 1}`,
  render: (i) => `<div class="pair">
${field(state, { path: `members[${i}].name`, label: L('Họ và tên', 'Full name'), mark: true })}
${field(state, { path: `members[${i}].position`, label: L('Chức vụ', 'Position'), mark: true })}
</div>`,
})}
${rows(state, {
  group: 'topics',
  legend: L('Nội dung cần trao đổi', 'Topics to exchange on'),
  min: 1,
  addLabel: L('Thêm nội dung', 'Add a topic'),
  rowLabel: (i) => `${L('Nội dung', 'Topic')} ${i + 1}`,
  render: (i) =>
    field(state, {
      path: `topics[${i}]`,
      label: L('Nội dung', 'Topic'),
      type: 'textarea',
      rows: 2,
      mark: true,
    }),
})}
${rows(state, {
  group: 'agenda',
  legend: L('Chương trình dự kiến', 'Proposed agenda'),
  hint: L(
    'Không bắt buộc. Mỗi mục thêm vào cần giờ bắt đầu, giờ kết thúc và nội dung.',
    'Optional. Each item added needs its start, its end and its content.',
  ),
  min: 0,
  addLabel: L('Thêm mục', 'Add an item'),
  rowLabel: (i) => `${L('Mục', 'Item')} ${i + 1}`,
  render: (
    i,
  ) => `${field(state, { path: `agenda[${i}].date`, label: L('Ngày', 'Day'), type: 'day', hint: L('Để trống nếu cùng ngày với mục trước.', 'Leave empty for the same day as the item before.') })}
<div class="pair">
${field(state, { path: `agenda[${i}].start`, label: L('Từ (giờ)', 'From'), type: 'time', plain: true })}
${field(state, { path: `agenda[${i}].end`, label: L('Đến (giờ)', 'To'), type: 'time', plain: true })}
</div>
${field(state, { path: `agenda[${i}].content`, label: L('Nội dung', 'Content'), type: 'textarea', rows: 2, plain: true })}
${field(state, { path: `agenda[${i}].presenter`, label: L('Người trình bày', 'Presenter') })}`,
})}
<fieldset><legend>${L('Người liên hệ', 'Contact')}</legend>
${field(state, { path: 'contact.name', label: L('Họ và tên', 'Full name'), required: true, autocomplete: 'name' })}
<div class="pair">
${field(state, { path: 'contact.email', label: 'Email', type: 'email', required: true, autocomplete: 'email' })}
${field(state, { path: 'contact.phone', label: L('Điện thoại', 'Phone'), type: 'tel', required: true, autocomplete: 'tel' })}
</div>
</fieldset>
<div class="actions"><button class="primary" type="submit">${esc(submit)}</button>${
    revision ? '' : `${saveDraftButton(lang)}<a class="button secondary" href="/">${L('Hủy', 'Cancel')}</a>`
  }</div>
</form>`;
  return page(
    {
      lang,
      title,
      path: viewer.path,
      user: viewer.user,
      csrf: viewer.csrf,
      bare: Boolean(revision),
      form: { id: REQUEST_FORM, submit },
    },
    body,
  );
}

/** After a revision was sent through its link. */
export function revisionSent(
  viewer: Viewer,
  visit: { id: string; title: string; startDate: string; endDate: string },
): string {
  const { lang } = viewer;
  const title = t(lang, 'Đã gửi đề nghị đã chỉnh sửa', 'Revised request sent');
  return page(
    { lang, title, path: viewer.path, bare: true },
    `<div class="confirm"><h1>${esc(title)}</h1>
<p><strong>${esc(visit.title)}</strong> · ${esc(dateRange(visit.startDate, visit.endDate))}</p>
<p>${t(lang, 'Chương trình làm việc sẽ được lập lại và gửi người phê duyệt. Bạn sẽ nhận thư khi có quyết định.', 'The programme is redrafted and sent to the approvers. You will get a mail when they decide.')}</p>
<p><a class="button secondary" href="/visits/${encodeURIComponent(visit.id)}">${t(lang, 'Xem chuyến công tác', 'See the visit')}</a></p></div>`,
  );
}
