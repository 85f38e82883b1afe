/**
 * Form parts shared by the request, revision, minutes and approval forms: fields that show their error beside
 * them and keep what was typed, and repeatable rows that work without JavaScript (an "add row" submit button
 * re-renders the form with one more row; the script only does the same in place).
 */

import type { Language } from '#domain/visit.ts';
import { LIMITS } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
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
  type?: 'text' | 'email' | 'tel' | 'date' | 'time' | 'datetime-local' | 'textarea' | 'select';
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
    error ? ' aria-invalid="true"' : ''
  }${describedBy ? ` aria-describedby="${describedBy}"` : ''}`;
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
  } else {
    control = `<input ${common} type="${o.type ?? 'text'}" value="${esc(value)}"${
      o.autocomplete ? ` autocomplete="${o.autocomplete}"` : ''
    }${o.placeholder ? ` placeholder="${esc(o.placeholder)}"` : ''}>`;
  }
  return `<div class="field${error ? ' has-error' : ''}${o.extraClass ? ` ${o.extraClass}` : ''}">
<label for="${id}">${esc(o.label)}${
    o.plain
      ? ''
      : o.required || o.mark
        ? ` <span class="req" aria-hidden="true">*</span>`
        : ` <span class="opt">${t(state.lang, '(không bắt buộc)', '(optional)')}</span>`
  }</label>
${o.hint ? `<p class="hint" id="${id}-hint">${esc(o.hint)}</p>` : ''}${control}
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
  /** rows rendered at least */
  min: number;
  /** the button that adds a row */
  addLabel: string;
  /** the heading of row i (0-based) */
  rowLabel: (i: number) => string;
  /** the fields of row i */
  render: (i: number) => string;
}

/** How many rows a group shows: what the values hold, at least `min` (and one). */
export function rowCount(values: Record<string, unknown>, group: string, min: number): number {
  const v = values[group];
  return Math.max(Array.isArray(v) ? v.length : 0, min, 1);
}

/** A repeatable group: its rows, each with a remove button, and an add button; the group's own error on top. */
export function rows(state: FormState, o: RowsOptions): string {
  const n = rowCount(state.values, o.group, o.min);
  const max = LIMITS[o.group];
  const error = state.errors[o.group];
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push(`<li class="row" data-row>
<div class="row-head"><span class="row-label">${esc(o.rowLabel(i))}</span><button class="link remove" type="submit" name="_remove" value="${esc(`${o.group}.${i}`)}" formnovalidate>${t(state.lang, 'Xóa dòng', 'Remove')}</button></div>
${o.render(i)}</li>`);
  }
  // the script renames rows in place; it takes their heading from these
  const pattern = o.rowLabel(98).replace('99', '{n}');
  return `<fieldset class="rows${error ? ' has-error' : ''}" data-group="${esc(o.group)}" data-max="${max}" data-min="${o.min}" data-label="${esc(pattern)}" data-label-first="${esc(o.rowLabel(0))}" id="${fieldId(o.group)}">
<legend>${esc(o.legend)}</legend>
${o.hint ? `<p class="hint">${esc(o.hint)}</p>` : ''}${error ? `<p class="error">${esc(error)}</p>` : ''}<ol class="row-list">${items.join('\n')}</ol>
${n < max ? `<button class="secondary add" type="submit" name="_add" value="${esc(o.group)}" formnovalidate>+ ${esc(o.addLabel)}</button>` : ''}
</fieldset>`;
}

/** The hidden CSRF field of a signed-in form. */
export function csrfInput(csrf: string | undefined): string {
  return csrf ? `<input type="hidden" name="_csrf" value="${esc(csrf)}">` : '';
}
