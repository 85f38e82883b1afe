/**
 * Form parts shared by the request, revision, minutes and approval forms: fields that show their error beside
 * them and keep what was typed, and repeatable rows that work without JavaScript (an "add row" submit button
 * re-renders the form with one more row; the script only does the same in place).
 */

import type { Language } from '#domain/visit.ts';
import { LIMITS } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { shownDate, TYPED_DATE, vnDateTime } from '#templates/words/dates.ts';
import { t } from './layout.ts';

/** What a form is rendered from: the values (as posted, or prefilled) and the errors by field path. */
export interface FormState {
  lang: Language;
  values: Record<string, unknown>;
  /** by field path as the domain names it, e.g. "members[0].name", already in the page's language */
  errors: Record<string, string>;
}

/** The form name of a field path: "members[0].name" → "members[0][name]", "contact.email" → "contact[email]". */
export function fieldName(path: string): string {
  const [head = '', ...rest] = path.split('.');
  return head + rest.map((p) => p.replace(/^([^[]+)/, '[$1]')).join('');
}

/** A safe element id for a field path. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** The value at a field path ("members[0].name") in nested values. */
export function valueAt(values: unknown, path: string): unknown {
  let node: unknown = values;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function textAt(values: unknown, path: string): string {
  const v = valueAt(values, path);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

export interface FieldOptions {
  path: string;
  label: string;
  /**
   * 'day': a date typed as people write it (dd/mm/yyyy; the handler turns it into YYYY-MM-DD: withTypedDates);
   * 'date': the browser's own date input (it follows the browser's locale), for forms whose handler takes
   * YYYY-MM-DD only
   */
  type?: 'text' | 'email' | 'tel' | 'day' | 'date' | 'time' | 'datetime-local' | 'textarea' | 'select';
  required?: boolean;
  /** shown as required but not enforced by the browser (rows: a blank row is dropped, not refused) */
  mark?: boolean;
  /** no required/optional marker (the label says when it is needed) */
  plain?: boolean;
  hint?: string;
  /** for selects: value → label */
  options?: readonly { value: string; label: string }[];
  /** the value shown when the state holds none */
  placeholder?: string;
  rows?: number;
  autocomplete?: string;
  /** a value to show instead of the state's (e.g. a datetime without its offset) */
  value?: string;
  extraClass?: string;
}

function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}

/** One labelled field with its error (if any) beside it and the typed value kept. */
export function field(state: FormState, o: FieldOptions): string {
  const id = fieldId(o.path);
  const name = fieldName(o.path);
  const error = state.errors[o.path];
  const value = o.value ?? textAt(state.values, o.path);
  const describedBy = [o.hint ? `${id}-hint` : '', error ? errorId(o.path) : ''].filter(Boolean).join(' ');
  const common = `id="${id}" name="${esc(name)}"${o.required ? ' required' : ''}${
    o.required || o.mark ? ' aria-required="true"' : ''
  }${error ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`;
  let control: string;
  if (o.type === 'textarea') {
    control = `<textarea ${common} rows="${o.rows ?? 3}">${esc(value)}</textarea>`;
  } else if (o.type === 'select') {
    const opts = o.options ?? [];
    const known = opts.some((x) => x.value === value);
    control = `<select ${common}>${
      o.placeholder ? `<option value=""${known ? '' : ' selected'}>${esc(o.placeholder)}</option>` : ''
    }${opts
      .map(
        (x) =>
          `<option value="${esc(x.value)}"${x.value === value ? ' selected' : ''}>${esc(x.label)}</option>`,
      )
      .join('')}</select>`;
  } else if (o.type === 'day') {
    // dates are typed as people write them (the browser's own date input follows its locale)
    control = `<input ${common} type="text" inputmode="numeric" autocomplete="off" placeholder="${TYPED_DATE[state.lang]}" value="${esc(shownDate(value))}">`;
  } else {
    control = `<input ${common} type="${o.type ?? 'text'}" value="${esc(value)}"${
      o.autocomplete ? ` autocomplete="${o.autocomplete}"` : ''
    }${o.placeholder ? ` placeholder="${esc(o.placeholder)}"` : ''}>`;
  }
  return `<div class="field${error ? ' has-error' : ''}${o.extraClass ? ` ${o.extraClass}` : ''}">
<label for="${id}">${esc(o.label)}${o.type === 'day' ? ` <span class="opt">(${TYPED_DATE[state.lang]})</span>` : ''}${
    o.plain
      ? ''
      : o.required || o.mark
        ? ` <span class="req" aria-hidden="true">*</span>`
        : ` <span class="opt">${t(state.lang, '(không bắt buộc)', '(optional)')}</span>`
  }</label>
${o.hint ? `<p class="hint" id="${id}-hint">${esc(o.hint)}</p>` : ''}${control}
${error ? `<p class="error" id="${errorId(o.path)}">${esc(error)}</p>` : ''}</div>`;
}

/**
 * A point in time typed as a date (dd/mm/yyyy) and a clock time (HH:MM), posted as `<path>[date]` and
 * `<path>[time]`; the error of the whole (`path`) shows under both, and the summary's link reaches the date.
 */
export function dateTime(state: FormState, o: { path: string; label: string; hint?: string }): string {
  const error = state.errors[o.path];
  const id = fieldId(o.path);
  const name = fieldName(o.path);
  const date = textAt(state.values, `${o.path}.date`);
  const time = textAt(state.values, `${o.path}.time`);
  const described = `${id}-label${o.hint ? ` ${id}-hint` : ''}${error ? ` ${errorId(o.path)}` : ''}`;
  const common = `aria-required="true"${error ? ' aria-invalid="true"' : ''} aria-describedby="${described}"`;
  return `<div class="field${error ? ' has-error' : ''}" role="group" aria-labelledby="${id}-label">
<span class="label" id="${id}-label">${esc(o.label)} <span class="req" aria-hidden="true">*</span></span>
${o.hint ? `<p class="hint" id="${id}-hint">${esc(o.hint)}</p>` : ''}<div class="pair tight">
<div><label class="sub" for="${id}">${t(state.lang, 'Ngày', 'Date')} <span class="opt">(${TYPED_DATE[state.lang]})</span></label><input id="${id}" name="${esc(name)}[date]" type="text" inputmode="numeric" autocomplete="off" placeholder="${TYPED_DATE[state.lang]}" value="${esc(shownDate(date))}" ${common}></div>
<div><label class="sub" for="${id}-time">${t(state.lang, 'Giờ', 'Time')} <span class="opt">(HH:MM)</span></label><input id="${id}-time" name="${esc(name)}[time]" type="time" value="${esc(time)}" ${common}></div>
</div>
${error ? `<p class="error" id="${errorId(o.path)}">${esc(error)}</p>` : ''}</div>`;
}

/** A read-only value with the hidden input that posts it. */
export function fixed(state: FormState, path: string, label: string, shown: string): string {
  const error = state.errors[path];
  return `<div class="field${error ? ' has-error' : ''}"><span class="label">${esc(label)}</span><p class="fixed">${esc(shown)}</p><input type="hidden" name="${esc(fieldName(path))}" value="${esc(textAt(state.values, path))}">${
    error ? `<p class="error">${esc(error)}</p>` : ''
  }</div>`;
}

/** The errors listed at the top of a form, each linking to its field; errors of fields not shown are listed too. */
export function errorSummary(state: FormState): string {
  const entries = Object.entries(state.errors);
  if (entries.length === 0) return '';
  return `<div class="error-summary" role="alert" tabindex="-1" id="errors"><h2>${t(
    state.lang,
    'Vui lòng kiểm tra lại các mục sau',
    'Please check the following',
  )}</h2><ul>${entries
    .map(([path, msg]) => `<li><a href="#${fieldId(path)}">${esc(msg)}</a></li>`)
    .join('')}</ul></div>`;
}

export interface RowsOptions {
  /** the array's name, e.g. "members"; it holds at most the domain's limit of rows */
  group: keyof typeof LIMITS;
  legend: string;
  hint?: string;
  /** rows rendered at least (0: an optional group starts with its add button alone) */
  min: number;
  /** the first row cannot be removed (the head of delegation) */
  fixedFirst?: boolean;
  /** the button that adds a row */
  addLabel: string;
  /** the heading of row i (0-based) */
  rowLabel: (i: number) => string;
  /** the fields of row i */
  render: (i: number) => string;
}

/** How many rows a group shows: what the values hold, at least `min`. */
export function rowCount(values: Record<string, unknown>, group: string, min: number): number {
  const v = values[group];
  return Math.max(Array.isArray(v) ? v.length : 0, min);
}

/** The button that removes row i, named by the row it removes ("Xóa Thành viên 2"). */
function removeButton(o: RowsOptions, i: number, lang: Language): string {
  return `<button class="link remove" type="submit" name="_remove" value="${esc(`${o.group}.${i}`)}" formnovalidate>${t(lang, 'Xóa', 'Remove')}<span class="visually-hidden row-name"> ${esc(o.rowLabel(i))}</span></button>`;
}

function row(o: RowsOptions, i: number, lang: Language): string {
  const fixed = o.fixedFirst && i === 0;
  return `<li class="row" data-row>
<div class="row-head"><span class="row-label">${esc(o.rowLabel(i))}</span>${fixed ? '' : removeButton(o, i, lang)}</div>
${o.render(i)}</li>`;
}

/**
 * A repeatable group: its rows, each with a remove button named by its row (not the first when it is fixed), and an
 * add button; the group's own error on top. Its submit buttons never come first in the form, so Enter sends the
 * form (the page puts the form's default button before everything). The group carries a blank row in a template
 * for the script to add in place.
 */
export function rows(state: FormState, o: RowsOptions): string {
  const n = rowCount(state.values, o.group, o.min);
  const max = LIMITS[o.group];
  const error = state.errors[o.group];
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(row(o, i, state.lang));
  // the script renames rows in place; it takes their heading from these
  const pattern = o.rowLabel(98).replace('99', '{n}');
  // a row past the last index holds nothing typed: the template of a blank row, for the script to add
  const template = `<template>${row(o, max, state.lang)}</template>`;
  return `<fieldset class="rows${error ? ' has-error' : ''}" data-group="${esc(o.group)}" data-max="${max}" data-min="${o.min}" data-label="${esc(pattern)}" data-label-first="${esc(o.rowLabel(0))}"${o.fixedFirst ? ' data-fixed-first' : ''} id="${fieldId(o.group)}">
<legend>${esc(o.legend)}</legend>
${o.hint ? `<p class="hint">${esc(o.hint)}</p>` : ''}${error ? `<p class="error">${esc(error)}</p>` : ''}<ol class="row-list">${items.join('\n')}</ol>${template}
${n < max ? `<button class="secondary add" type="submit" name="_add" value="${esc(o.group)}" formnovalidate>+ ${esc(o.addLabel)}</button>` : ''}
</fieldset>`;
}

/** The note at the top of a form saying what the asterisk means. */
export function requiredNote(lang: Language): string {
  return `<p class="hint">${t(lang, 'Các mục có dấu', 'Fields marked')} <span class="req" aria-hidden="true">*</span><span class="visually-hidden">*</span> ${t(lang, 'là bắt buộc.', 'are required.')}</p>`;
}

/** The hidden CSRF field of a signed-in form. */
export function csrfInput(csrf: string | undefined): string {
  return csrf ? `<input type="hidden" name="_csrf" value="${esc(csrf)}">` : '';
}

/** How a form is drawn after a post that did not send it: its language, and whether its draft was kept. */
export interface FormView {
  lang: Language;
  /** ISO instant the draft was kept at, when the person asked to keep it */
  savedAt?: string;
  /** the draft could not be kept (too large) */
  notSaved?: boolean;
}

/**
 * What the form says of its draft: kept just now, not kept, or (opening a form) the draft it resumes, kept at
 * `resumedFrom`, with the button that drops it for a fresh form.
 */
export function draftNote(
  lang: Language,
  o: { view?: FormView; resumedFrom?: string; form: string },
): string {
  const L = (vi: string, en: string) => t(lang, vi, en);
  if (o.view?.notSaved)
    return `<p class="callout" role="status">${L('Bản nháp quá lớn nên chưa được lưu; hãy gửi biểu mẫu hoặc rút gọn nội dung.', 'The draft is too large to keep; send the form or shorten it.')}</p>`;
  if (o.view?.savedAt)
    return `<p class="next" role="status">${L('Đã lưu bản nháp lúc', 'Draft kept at')} ${esc(vnDateTime(o.view.savedAt))}. ${L('Bạn có thể tiếp tục từ trang chủ.', 'You can go on from the home page.')}</p>`;
  if (o.resumedFrom)
    return `<div class="next" role="status"><p>${L('Đang tiếp tục bản nháp lưu lúc', 'Going on with the draft kept at')} ${esc(vnDateTime(o.resumedFrom))}.</p><button class="link" type="submit" form="${esc(o.form)}" name="_draft" value="discard" formnovalidate>${L('Bỏ bản nháp, bắt đầu lại', 'Drop the draft and start again')}</button></div>`;
  return '';
}

/** The button that keeps what was typed as a draft, without sending the form. */
export function saveDraftButton(lang: Language): string {
  return `<button class="secondary" type="submit" name="_draft" value="save" formnovalidate>${t(lang, 'Lưu nháp', 'Save draft')}</button>`;
}
