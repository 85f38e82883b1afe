/**
 * The organisation's pages, for an agency's admins and the directory-admins: the agencies (each with its versions,
 * its substitutes, a form for a new version and, for a directory-admin, a succession), an agency's users (add,
 * change roles, disable) and the working calendar. Every form works without JavaScript and keeps what was typed
 * beside the reasons it was refused; no inline script or style.
 */
import type { AgencyVersion } from '#domain/agencies.ts';
import type { CalendarYear } from '#domain/directory/calendar.ts';
import type { Substitute } from '#domain/directory/substitutes.ts';
import { type DirectoryUser, ROLES, type Role } from '#domain/directory/users.ts';
import { type AgencyRecord, currentVersion } from '#domain/directory/versions.ts';
import { esc } from '#templates/html.ts';
import { vnDate } from '#templates/words/dates.ts';
import { csrfInput, errorSummary, type FormState, field } from './forms.ts';
import { page, t, type Viewer } from './layout.ts';

function shell(viewer: Viewer, title: string, body: string): string {
  return page({ lang: viewer.lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf }, body);
}

const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  staff: { vi: 'Cán bộ, chuyên viên', en: 'Staff' },
  secretary: { vi: 'Thư ký', en: 'Secretary' },
  auditor: { vi: 'Kiểm tra hồ sơ', en: 'Auditor' },
  admin: { vi: 'Quản trị cơ quan', en: 'Agency admin' },
  'directory-admin': { vi: 'Quản trị danh bạ', en: 'Directory admin' },
};

export function roleLabel(role: Role, lang: Viewer['lang']): string {
  return ROLE_LABELS[role][lang];
}

function validity(v: Pick<AgencyVersion, 'validFrom' | 'validTo'>, lang: Viewer['lang']): string {
  return v.validTo
    ? `${vnDate(v.validFrom)} – ${vnDate(v.validTo)}`
    : `${t(lang, 'từ', 'from')} ${vnDate(v.validFrom)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// the agencies

export interface DirectoryHomeData {
  /** each agency's version in force on `today` (or its latest), with its id */
  agencies: readonly AgencyVersion[];
  today: string;
  isDirectoryAdmin: boolean;
}

export function directoryHomePage(viewer: Viewer, d: DirectoryHomeData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = L('Danh bạ cơ quan', 'The organisation');
  const rows = d.agencies
    .map((a) => {
      const ended = a.validTo !== undefined && a.validTo < d.today;
      return `<tr><td><a href="/directory/agencies/${esc(encodeURIComponent(a.id))}">${esc(lang === 'vi' ? a.name : a.nameEn)}</a>${
        ended ? ` <span class="badge badge-info">${L('đã kết thúc', 'ended')}</span>` : ''
      }</td><td>${esc(a.province)}</td><td>${esc(validity(a, lang))}</td><td><a href="/directory/users?agencyId=${esc(
        encodeURIComponent(a.id),
      )}">${L('Người dùng', 'Users')}</a></td></tr>`;
    })
    .join('');
  const body = `<div class="page-head"><h1>${esc(title)}</h1></div>
<p><a href="/directory/calendar">${L('Lịch làm việc', 'Working calendar')}</a></p>
<table class="results"><caption>${L('Các cơ quan', 'Agencies')}</caption>
<thead><tr><th scope="col">${L('Cơ quan', 'Agency')}</th><th scope="col">${L('Tỉnh, thành phố', 'Province')}</th><th scope="col">${L('Hiệu lực', 'Valid')}</th><th scope="col">${L('Tài khoản', 'Accounts')}</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return shell(viewer, title, body);
}

export interface AgencyPageData {
  record: AgencyRecord;
  current: AgencyVersion;
  today: string;
  /** the new-version form, with what was typed and its errors */
  form: FormState;
  /** the substitute form */
  substituteForm: FormState;
  /** the succession form (directory-admin only) */
  successionForm?: FormState;
  /** a directory-admin may change kind, code and province */
  isDirectoryAdmin: boolean;
  /** what the last change did, said on top */
  notice?: string;
}

function personFields(
  state: FormState,
  path: string,
  L: (vi: string, en: string) => string,
  required: boolean,
) {
  return `${field(state, { path: `${path}.name`, label: L('Họ tên', 'Name'), required, autocomplete: 'off' })}
${field(state, { path: `${path}.position`, label: L('Chức vụ', 'Position'), required })}
${field(state, { path: `${path}.email`, label: 'Email', type: 'email', required })}`;
}

function chainFields(state: FormState, L: (vi: string, en: string) => string): string {
  const chain = Array.isArray(state.values.approvalChain) ? state.values.approvalChain : [];
  const steps = Math.min(10, chain.length + 1);
  const out: string[] = [];
  for (let i = 0; i < steps; i++) {
    out.push(`<fieldset class="row"><legend>${L('Bước', 'Step')} ${i + 1}${
      i >= chain.length ? ` ${L('(thêm bước, không bắt buộc)', '(another step, optional)')}` : ''
    }</legend>
<p class="hint">${L('Người phê duyệt', 'Approver')}</p>${personFields(state, `approvalChain[${i}].approver`, L, i === 0)}
<p class="hint">${L('Người thay khi quá hạn (không bắt buộc)', 'Deputy when overdue (optional)')}</p>${personFields(state, `approvalChain[${i}].deputy`, L, false)}
</fieldset>`);
  }
  return out.join('\n');
}

function historyTable(record: AgencyRecord, lang: Viewer['lang']): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const rows = [...record.versions]
    .reverse()
    .map(
      (v) =>
        `<tr><td>${v.version}</td><td>${esc(v.name)}</td><td>${esc(v.province)}</td><td>${esc(validity(v, lang))}</td><td>${esc(
          v.approvalChain.map((s) => s.approver.name).join(' → '),
        )}</td><td>${v.successorId ? `<a href="/directory/agencies/${esc(encodeURIComponent(v.successorId))}">${esc(v.successorId)}</a>` : ''}</td></tr>`,
    )
    .join('');
  return `<table class="results"><caption>${L('Các phiên bản', 'Versions')}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${L('Tên', 'Name')}</th><th scope="col">${L('Tỉnh', 'Province')}</th><th scope="col">${L('Hiệu lực', 'Valid')}</th><th scope="col">${L('Phê duyệt', 'Approval chain')}</th><th scope="col">${L('Kế tục', 'Successor')}</th></tr></thead>
<tbody>${rows}</tbody></table>${
    record.predecessors.length
      ? `<p>${L('Kế tục từ', 'Succeeded')}: ${record.predecessors
          .map((p) => `<a href="/directory/agencies/${esc(encodeURIComponent(p))}">${esc(p)}</a>`)
          .join(', ')}</p>`
      : ''
  }`;
}

function substitutesList(viewer: Viewer, record: AgencyRecord, today: string): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const list = Object.values(record.substitutes)
    .filter((s: Substitute) => !s.endedAt && s.to >= today)
    .map(
      (
        s,
      ) => `<li>${esc(s.absentEmail)} → ${esc(s.substitute.name)} &lt;${esc(s.substitute.email)}&gt; · ${esc(
        vnDate(s.from),
      )} – ${esc(vnDate(s.to))} · ${esc(s.reason)}
<form method="post" action="/directory/agencies/${esc(encodeURIComponent(record.id))}/substitutes/${esc(s.id)}/end">${csrfInput(
        viewer.csrf,
      )}<button class="link" type="submit">${L('Kết thúc sớm', 'End now')}</button></form></li>`,
    )
    .join('');
  return list ? `<ul class="substitutes">${list}</ul>` : `<p class="empty">${L('Không có', 'None')}</p>`;
}

export function agencyPage(viewer: Viewer, d: AgencyPageData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const a = d.current;
  const id = encodeURIComponent(d.record.id);
  const title = lang === 'vi' ? a.name : a.nameEn;
  const state = d.form;
  const locked = !d.isDirectoryAdmin;
  const kinds = [
    { value: 'party', label: L('Cơ quan Đảng (HD 36)', 'Party body (HD 36)') },
    { value: 'state', label: L('Cơ quan nhà nước (Nghị định 30)', 'State body (Decree 30)') },
  ];
  const editForm = `<form method="post" action="/directory/agencies/${esc(id)}" class="form" novalidate>
${csrfInput(viewer.csrf)}<input type="hidden" name="revision" value="${d.record.revision}">
${errorSummary(state)}
${field(state, { path: 'validFrom', label: L('Áp dụng từ ngày', 'Valid from'), type: 'date', required: true, hint: L('Không trước hôm nay; cùng ngày thì thay phiên bản đó', 'Not before today; the same day replaces that version') })}
${locked ? `<p class="hint">${L('Loại, ký hiệu và tỉnh do quản trị danh bạ thay đổi', 'Kind, code and province are changed by a directory admin')}</p>` : ''}
${field(state, { path: 'kind', label: L('Loại cơ quan', 'Kind of body'), type: 'select', options: kinds, required: true })}
${field(state, { path: 'name', label: L('Tên cơ quan', 'Name'), required: true })}
${field(state, { path: 'nameEn', label: L('Tên tiếng Anh', 'English name'), required: true })}
${field(state, { path: 'parentName', label: L('Cơ quan cấp trên', 'Parent body'), required: true })}
${field(state, { path: 'shortName', label: L('Tên viết dưới cơ quan cấp trên', 'Name under the parent'), required: true })}
${field(state, { path: 'province', label: L('Tỉnh, thành phố', 'Province'), required: true })}
${field(state, { path: 'seat', label: L('Địa danh ghi trên văn bản', 'Place on the date line'), required: true })}
${field(state, { path: 'code', label: L('Ký hiệu trong số văn bản', 'Code in document numbers'), required: true })}
${field(state, { path: 'headTitle', label: L('Chức danh người đứng đầu', "Head's title"), required: true })}
<h3>${L('Trình tự phê duyệt', 'Approval chain')}</h3>
${chainFields(state, L)}
<h3>${L('Thư ký', 'Secretary')}</h3>
${personFields(state, 'secretary', L, true)}
<button class="primary" type="submit">${L('Lưu phiên bản mới', 'Save a new version')}</button>
</form>`;
  const sub = d.substituteForm;
  const substituteForm = `<form method="post" action="/directory/agencies/${esc(id)}/substitutes" class="form" novalidate>
${csrfInput(viewer.csrf)}${errorSummary(sub)}
${field(sub, { path: 'absentEmail', label: L('Người vắng mặt (email)', 'Absent person (email)'), type: 'email', required: true })}
${field(sub, { path: 'substituteEmail', label: L('Người thay thế (email)', 'Substitute (email)'), type: 'email', required: true })}
${field(sub, { path: 'from', label: L('Từ ngày', 'From'), type: 'date', required: true })}
${field(sub, { path: 'to', label: L('Đến ngày', 'To'), type: 'date', required: true })}
${field(sub, { path: 'reason', label: L('Lý do', 'Reason'), required: true })}
<button class="primary" type="submit">${L('Phân công người thay thế', 'Set the substitute')}</button></form>`;
  const succession = d.successionForm
    ? `<h2>${L('Kế tục', 'Succession')}</h2><form method="post" action="/directory/agencies/${esc(id)}/successor" class="form" novalidate>
${csrfInput(viewer.csrf)}${errorSummary(d.successionForm)}
${field(d.successionForm, { path: 'successorId', label: L('Mã cơ quan kế tục', 'Successor id'), required: true })}
${field(d.successionForm, { path: 'effective', label: L('Ngày có hiệu lực', 'Effective date'), type: 'date', required: true })}
<button class="secondary" type="submit">${L('Ghi nhận kế tục', 'Record the succession')}</button></form>`
    : '';
  const body = `<p class="kicker"><a href="/directory">← ${L('Danh bạ cơ quan', 'The organisation')}</a></p>
<div class="page-head"><h1>${esc(title)}</h1></div>
${d.notice ? `<p class="callout" role="status">${esc(d.notice)}</p>` : ''}
<dl class="facts">
<dt>${L('Mã', 'Id')}</dt><dd class="mono">${esc(d.record.id)}</dd>
<dt>${L('Tỉnh, thành phố', 'Province')}</dt><dd>${esc(a.province)}</dd>
<dt>${L('Hiệu lực', 'Valid')}</dt><dd>${esc(validity(a, lang))}</dd>
<dt>${L('Phiên bản dữ liệu', 'Revision')}</dt><dd>${d.record.revision}</dd>
</dl>
${historyTable(d.record, lang)}
<p><a href="/directory/users?agencyId=${esc(id)}">${L('Người dùng của cơ quan', 'The agency’s users')}</a></p>
<h2>${L('Người thay thế khi vắng mặt', 'Out-of-office substitutes')}</h2>
${substitutesList(viewer, d.record, d.today)}
${substituteForm}
<h2>${L('Phiên bản mới', 'A new version')}</h2>
${editForm}
${succession}`;
  return shell(viewer, title, body);
}

/** An agency version as the edit form's values (the version's own fields, and the next day it may start on). */
export function agencyFormValues(v: AgencyVersion, validFrom: string): Record<string, unknown> {
  const { id: _i, version: _v, validTo: _t, successorId: _s, ...fields } = v;
  return { ...fields, validFrom };
}

// ---------------------------------------------------------------------------------------------------------------
// users

export interface UsersPageData {
  agencyId: string;
  agencyName: string;
  users: readonly DirectoryUser[];
  /** the add form */
  form: FormState;
  /** the roles this viewer may grant */
  grantable: readonly Role[];
  notice?: string;
}

function roleBoxes(state: FormState, name: string, grantable: readonly Role[], checked: readonly string[]) {
  return ROLES.filter((r) => grantable.includes(r))
    .map(
      (r) =>
        `<label class="check"><input type="checkbox" name="${esc(name)}" value="${r}"${checked.includes(r) ? ' checked' : ''}> ${esc(
          roleLabel(r, state.lang),
        )}</label>`,
    )
    .join(' ');
}

export function usersPage(viewer: Viewer, d: UsersPageData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = `${L('Người dùng', 'Users')} · ${d.agencyName}`;
  const rows = d.users
    .map((u) => {
      const action = `/directory/users/${esc(encodeURIComponent(u.email))}`;
      return `<tr><td>${esc(u.name)}<br><span class="meta">${esc(u.email)}</span>${
        u.bouncedAt ? ` <span class="badge badge-bad">${L('thư bị trả lại', 'mail bounced')}</span>` : ''
      }</td><td>${u.roles.map((r) => esc(roleLabel(r, lang))).join(', ')}</td><td>${
        u.disabled
          ? `<span class="badge badge-bad">${L('đã khóa', 'disabled')}</span>`
          : L('hoạt động', 'active')
      }</td><td><form method="post" action="${action}">${csrfInput(viewer.csrf)}<fieldset><legend class="visually-hidden">${L('Vai trò của', 'Roles of')} ${esc(u.name)}</legend>${roleBoxes(
        d.form,
        'roles',
        d.grantable,
        u.roles,
      )}</fieldset><button class="secondary" type="submit">${L('Lưu vai trò', 'Save roles')}</button></form>
<form method="post" action="${action}">${csrfInput(viewer.csrf)}<input type="hidden" name="disabled" value="${u.disabled ? 'false' : 'true'}"><button class="${u.disabled ? 'secondary' : 'danger'}" type="submit">${
        u.disabled ? L('Mở khóa', 'Enable') : L('Khóa tài khoản', 'Disable')
      }</button></form></td></tr>`;
    })
    .join('');
  const state = d.form;
  const typedRoles = Array.isArray(state.values.roles) ? (state.values.roles as string[]) : ['staff'];
  const body = `<p class="kicker"><a href="/directory/agencies/${esc(encodeURIComponent(d.agencyId))}">← ${esc(d.agencyName)}</a></p>
<div class="page-head"><h1>${esc(title)}</h1></div>
${d.notice ? `<p class="callout" role="status">${esc(d.notice)}</p>` : ''}
${errorSummary(state)}
<table class="results"><caption>${L('Tài khoản của cơ quan', 'The agency’s accounts')}</caption>
<thead><tr><th scope="col">${L('Người dùng', 'User')}</th><th scope="col">${L('Vai trò', 'Roles')}</th><th scope="col">${L('Trạng thái', 'Status')}</th><th scope="col">${L('Thay đổi', 'Change')}</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>${L('Thêm người dùng', 'Add a user')}</h2>
<form method="post" action="/directory/users" class="form" novalidate>${csrfInput(viewer.csrf)}
<input type="hidden" name="agencyId" value="${esc(d.agencyId)}">
${field(state, { path: 'name', label: L('Họ tên', 'Name'), required: true })}
${field(state, { path: 'email', label: 'Email', type: 'email', required: true })}
<fieldset class="field"><legend>${L('Vai trò', 'Roles')}</legend>${roleBoxes(state, 'roles', d.grantable, typedRoles)}</fieldset>
<button class="primary" type="submit">${L('Thêm và gửi thư mời', 'Add and send the invitation')}</button></form>`;
  return shell(viewer, title, body);
}

// ---------------------------------------------------------------------------------------------------------------
// the working calendar

export interface CalendarPageData {
  year: number;
  calendar: CalendarYear | undefined;
  form?: FormState;
  canEdit: boolean;
}

export function calendarPage(viewer: Viewer, d: CalendarPageData): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  const title = `${L('Lịch làm việc', 'Working calendar')} ${d.year}`;
  const list = (dates: readonly string[]) =>
    dates.length
      ? `<ul>${dates.map((x) => `<li>${esc(vnDate(x))}</li>`).join('')}</ul>`
      : `<p class="empty">—</p>`;
  const state: FormState = d.form ?? {
    lang,
    values: {
      holidays: (d.calendar?.holidays ?? []).join('\n'),
      workdays: (d.calendar?.workdays ?? []).join('\n'),
    },
    errors: {},
  };
  const edit = d.canEdit
    ? `<h2>${L('Sửa lịch năm', 'Change the year')} ${d.year}</h2><form method="post" action="/directory/calendar/${d.year}" class="form" novalidate>${csrfInput(viewer.csrf)}${errorSummary(state)}
${field(state, { path: 'holidays', label: L('Ngày nghỉ lễ, Tết', 'Public holidays'), type: 'textarea', rows: 8, plain: true, hint: L('Mỗi dòng một ngày, dạng YYYY-MM-DD', 'One date a line, as YYYY-MM-DD') })}
${field(state, { path: 'workdays', label: L('Ngày làm bù (thứ Bảy, Chủ nhật)', 'Make-up working days (Saturdays, Sundays)'), type: 'textarea', rows: 3, plain: true })}
<button class="primary" type="submit">${L('Lưu', 'Save')}</button></form>`
    : '';
  const body = `<p class="kicker"><a href="/directory">← ${L('Danh bạ cơ quan', 'The organisation')}</a></p>
<div class="page-head"><h1>${esc(title)}</h1></div>
<p><a href="/directory/calendar?year=${d.year - 1}">${d.year - 1}</a> · <a href="/directory/calendar?year=${d.year + 1}">${d.year + 1}</a></p>
<p>${L('Thứ Hai đến thứ Sáu là ngày làm việc, trừ các ngày nghỉ; cộng các ngày làm bù.', 'Monday to Friday are working days, less the holidays, plus the make-up days.')}</p>
<h2>${L('Ngày nghỉ lễ, Tết', 'Public holidays')}</h2>${list(d.calendar?.holidays ?? [])}
<h2>${L('Ngày làm bù', 'Make-up working days')}</h2>${list(d.calendar?.workdays ?? [])}
${edit}`;
  return shell(viewer, title, body);
}

/** The agency page for `user`, its forms filled from the agency (or from what was typed, with its errors). */
export function agencyView(
  viewer: Viewer,
  user: { roles: readonly string[] },
  record: AgencyRecord,
  day: string,
  typed: {
    form?: Record<string, unknown>;
    sub?: Record<string, unknown>;
    succession?: Record<string, unknown>;
  } = {},
  errors: {
    form?: Record<string, string>;
    sub?: Record<string, string>;
    succession?: Record<string, string>;
  } = {},
  notice?: string,
): string {
  const current = currentVersion(record.versions, day) as AgencyVersion;
  const lang = viewer.lang;
  const directoryAdmin = user.roles.includes('directory-admin');
  return agencyPage(viewer, {
    record,
    current,
    today: day,
    isDirectoryAdmin: directoryAdmin,
    form: { lang, values: typed.form ?? agencyFormValues(current, day), errors: errors.form ?? {} },
    substituteForm: { lang, values: typed.sub ?? { from: day, to: day }, errors: errors.sub ?? {} },
    ...(directoryAdmin
      ? { successionForm: { lang, values: typed.succession ?? {}, errors: errors.succession ?? {} } }
      : {}),
    ...(notice ? { notice } : {}),
  });
}
