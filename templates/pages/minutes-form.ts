/**
 * The minutes form (Biên bản làm việc), GET /visits/{id}/minutes: the host agency's secretary records the session
 * after the visit; the chair is chosen from the host agency's approvers (the sign-off link goes to them).
 */
import type { Agency, Person } from '#domain/agencies.ts';
import type { MinutesRecord, Visit } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { dateRange, typedDateTime, vnDate } from '#templates/words/dates.ts';
import {
  csrfInput,
  dateTime,
  draftNote,
  errorSummary,
  type FormState,
  type FormView,
  field,
  requiredNote,
  rows,
  saveDraftButton,
} from './forms.ts';
import { agencyName, statusBadge, visitAgencies } from './labels.ts';
import { page, t, type Viewer } from './layout.ts';

/** The host agency's approvers and deputies, once each: who may chair and sign off. */
export function chairCandidates(host: Agency): Person[] {
  const out = new Map<string, Person>();
  for (const step of host.approvalChain) {
    out.set(step.approver.email.toLowerCase(), step.approver);
    if (step.deputy) out.set(step.deputy.email.toLowerCase(), step.deputy);
  }
  return [...out.values()];
}

/** What the form starts with: the minutes already recorded, or a draft from the visit and its agencies. */
export function minutesValues(visit: Visit, host: Agency, user: { name: string }): Record<string, unknown> {
  if (visit.minutes) return minutesAsForm(visit.minutes);
  const r = visit.request;
  const head = host.approvalChain.at(-1)?.approver ?? host.approvalChain[0]?.approver;
  return {
    startedAt: { date: vnDate(r.startDate), time: '08:00' },
    endedAt: { date: vnDate(r.startDate), time: '11:00' },
    place: r.place,
    chair: { email: head?.email ?? '' },
    secretary: { name: user.name, position: host.secretary.position },
    attendees: [
      ...chairCandidates(host).map((p) => ({ name: p.name, position: p.position, side: 'host' })),
      ...r.members.map((m) => ({ name: m.name, position: m.position, side: 'visiting' })),
    ],
    items: r.topics.map((topic) => ({ heading: topic, content: '' })),
    conclusions: [''],
    actions: [],
  };
}

/** Stored minutes as form values (each time as its Vietnam date and clock time). */
export function minutesAsForm(m: MinutesRecord): Record<string, unknown> {
  return { ...m, startedAt: typedDateTime(m.startedAt), endedAt: typedDateTime(m.endedAt) };
}

/** The minutes form's id: its default button and the language switch name it. */
const MINUTES_FORM = 'minutes-form';

export interface MinutesFormOptions {
  viewer: Viewer;
  visit: Visit;
  host: Agency;
  state: FormState;
  /** the chair's comment when the minutes were sent back */
  comment?: string;
  /** the draft it resumes (kept at that instant), or what the last post did with it */
  draft?: { resumedFrom?: string; view?: FormView };
}

export function minutesForm(o: MinutesFormOptions): string {
  const { viewer, visit, host, state } = o;
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const r = visit.request;
  const title = L('Biên bản làm việc', 'Minutes of the working session');
  const submit = L('Gửi biên bản cho chủ tọa duyệt', 'Send the minutes to the chair');
  const sides = [
    { value: 'host', label: L('Bên đón đoàn', 'Host side') },
    { value: 'visiting', label: L('Đoàn công tác', 'Delegation') },
  ];
  const body = `<p class="kicker"><a href="/visits/${encodeURIComponent(visit.id)}">← ${esc(r.title)}</a></p>
<h1>${esc(title)}</h1>
<p class="lead">${esc(agencyName(r.visitingAgencyId, lang, visitAgencies(visit)))} → ${esc(agencyName(r.hostAgencyId, lang, visitAgencies(visit)))} · ${esc(dateRange(r.startDate, r.endDate))}</p>
${
  o.comment
    ? `<div class="callout"><h2>${L('Chủ tọa yêu cầu chỉnh sửa biên bản', 'The chair sent the minutes back')}</h2><blockquote>${esc(o.comment)}</blockquote></div>`
    : ''
}
${errorSummary(state)}
${draftNote(lang, { ...o.draft, form: MINUTES_FORM })}
${requiredNote(lang)}
<form method="post" action="/visits/${encodeURIComponent(visit.id)}/minutes" class="form" id="${MINUTES_FORM}" novalidate>
${csrfInput(viewer.csrf)}
<fieldset><legend>${L('Thời gian, địa điểm', 'Time and place')}</legend>
<p class="hint">${L('Giờ Việt Nam.', 'Vietnam time.')}</p>
${dateTime(state, { path: 'startedAt', label: L('Bắt đầu', 'Started') })}
${dateTime(state, { path: 'endedAt', label: L('Kết thúc', 'Ended') })}
${field(state, { path: 'place', label: L('Địa điểm', 'Place'), required: true })}
</fieldset>
<fieldset><legend>${L('Chủ tọa và thư ký', 'Chair and secretary')}</legend>
${field(state, {
  path: 'chair.email',
  label: L('Chủ tọa', 'Chair'),
  type: 'select',
  required: true,
  options: chairCandidates(host).map((p) => ({ value: p.email, label: `${p.name} — ${p.position}` })),
  placeholder: L('— Chọn chủ tọa —', '— Choose the chair —'),
  hint: L('Chủ tọa nhận thư để duyệt biên bản.', 'The chair gets the minutes by mail to sign them off.'),
})}
<div class="pair">
${field(state, { path: 'secretary.name', label: L('Thư ký', 'Secretary'), required: true })}
${field(state, { path: 'secretary.position', label: L('Chức vụ thư ký', "Secretary's position"), required: true })}
</div>
</fieldset>
${rows(state, {
  group: 'attendees',
  legend: L('Thành phần tham dự', 'Attendees'),
  hint: L('Cả hai bên; dòng để trống sẽ được bỏ qua.', 'Both sides; empty rows are left out.'),
  min: 2,
  addLabel: L('Thêm người tham dự', 'Add an attendee'),
  rowLabel: (i) => `${L('Người tham dự', 'Attendee')} ${i + 1}`,
  render: (i) => `<div class="triple">
${field(state, { path: `attendees[${i}].name`, label: L('Họ và tên', 'Full name'), mark: true })}
${field(state, { path: `attendees[${i}].position`, label: L('Chức vụ', 'Position'), mark: true })}
${field(state, { path: `attendees[${i}].side`, label: L('Bên', 'Side'), type: 'select', options: sides, mark: true })}
</div>`,
})}
${rows(state, {
  group: 'items',
  legend: L('Nội dung cuộc làm việc', 'Content of the session'),
  hint: L('Theo thứ tự diễn ra.', 'In the order it happened.'),
  min: 1,
  addLabel: L('Thêm nội dung', 'Add an item'),
  rowLabel: (i) => `${L('Nội dung', 'Item')} ${i + 1}`,
  render: (i) => `${field(state, { path: `items[${i}].heading`, label: L('Tiêu đề', 'Heading'), mark: true })}
${field(state, { path: `items[${i}].content`, label: L('Nội dung', 'Content'), type: 'textarea', rows: 4, mark: true })}`,
})}
${rows(state, {
  group: 'conclusions',
  legend: L('Kết luận', 'Conclusions'),
  min: 1,
  addLabel: L('Thêm kết luận', 'Add a conclusion'),
  rowLabel: (i) => `${L('Kết luận', 'Conclusion')} ${i + 1}`,
  render: (i) =>
    field(state, {
      path: `conclusions[${i}]`,
      label: L('Kết luận', 'Conclusion'),
      type: 'textarea',
      rows: 2,
      mark: true,
    }),
})}
${rows(state, {
  group: 'actions',
  legend: L('Phân công thực hiện', 'Action items'),
  hint: L(
    'Không bắt buộc. Mỗi nhiệm vụ thêm vào cần nội dung, người thực hiện và thời hạn; khi biên bản được lưu trữ, nhiệm vụ được theo dõi đến khi hoàn thành.',
    'Optional. Each action added needs its task, its owner and its due date; once the minutes are archived, it is followed until done.',
  ),
  min: 0,
  addLabel: L('Thêm nhiệm vụ', 'Add an action'),
  rowLabel: (i) => `${L('Nhiệm vụ', 'Action')} ${i + 1}`,
  render: (i) => `${field(state, { path: `actions[${i}].task`, label: L('Nhiệm vụ', 'Task'), plain: true })}
<div class="pair">
${field(state, { path: `actions[${i}].owner`, label: L('Đơn vị/người thực hiện', 'Owner'), plain: true })}
${field(state, { path: `actions[${i}].due`, label: L('Thời hạn', 'Due'), type: 'day', plain: true })}
</div>
${field(state, {
  path: `actions[${i}].ownerEmail`,
  label: L('Email người thực hiện', "Owner's email"),
  type: 'email',
  autocomplete: 'off',
  plain: true,
  hint: L(
    'Người của cơ quan đón đoàn hoặc cơ quan cử đoàn; người đó nhận liên kết báo cáo hoàn thành và thư nhắc việc.',
    'A person of the host or the visiting agency: they get a link to report it done, and reminders.',
  ),
})}`,
})}
<div class="actions"><button class="primary" type="submit">${esc(submit)}</button>${saveDraftButton(lang)}
<a class="button secondary" href="/visits/${encodeURIComponent(visit.id)}">${L('Hủy', 'Cancel')}</a></div>
</form>`;
  return page(
    {
      lang,
      title,
      path: viewer.path,
      user: viewer.user,
      csrf: viewer.csrf,
      form: { id: MINUTES_FORM, submit },
    },
    body,
  );
}

/** The minutes page of a visit that does not await them. */
export function minutesClosed(viewer: Viewer, visit: Visit): string {
  const { lang } = viewer;
  const title = t(lang, 'Biên bản làm việc', 'Minutes of the working session');
  return page(
    { lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf },
    `<p class="kicker"><a href="/visits/${encodeURIComponent(visit.id)}">← ${esc(visit.request.title)}</a></p>
<h1>${esc(title)}</h1>
<p>${t(lang, 'Chuyến công tác này hiện không ở bước chờ biên bản.', 'This visit is not awaiting minutes now.')} ${statusBadge(visit.status, lang)}</p>`,
  );
}
