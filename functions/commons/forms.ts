/**
 * The form flow shared by every form a browser posts: parse, check the CSRF token, apply an "add row" / "remove
 * row" button (so rows work without JavaScript, up to the domain's limit of each list), leave out rows where
 * nothing was typed, and on a ValidationError render the form again, with the errors beside their fields and
 * everything typed kept (422). And the minutes form's values as the API's.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Agency } from '#domain/agencies.ts';
import { withVietnamOffset } from '#domain/clock.ts';
import { ValidationError } from '#domain/errors.ts';
import { LIMITS } from '#domain/visit.ts';
import type { FormView } from '#templates/pages/forms.ts';
import { typedDate } from '#templates/words/dates.ts';
import { typedFieldMessages } from '#templates/words/typed-formats.ts';
import { readPost } from './csrf.ts';
import { langOf, type Result } from './http.ts';
import { sendPage } from './pages.ts';

// --- repeatable rows --------------------------------------------------------------------------------------------

/** The lists a form repeats rows of; each holds at most the domain's limit (LIMITS) of rows. */
export type RowGroupName = keyof typeof LIMITS;

export interface RowGroup {
  /** a new, empty row */
  blank: () => unknown;
  /** keys that hold a default choice, not something typed (e.g. a select's side) */
  defaults?: readonly string[];
  /** its rows are never left out when blank: each stands for something the form proposed (Xóa removes it) */
  keepBlank?: true;
}

export type RowGroups = Partial<Record<RowGroupName, RowGroup>>;

export const REQUEST_ROWS: RowGroups = {
  members: { blank: () => ({ name: '', position: '' }) },
  topics: { blank: () => '' },
  agenda: { blank: () => ({ date: '', start: '', end: '', content: '', presenter: '' }) },
};

/** The fields of a request that hold dates, as a form posts them (dd/mm/yyyy or YYYY-MM-DD). */
export const REQUEST_DATES = ['startDate', 'endDate', 'agenda[].date'] as const;

/** The minutes' fields that hold dates (their times are posted as a date and a clock time: minutesFromForm). */
export const MINUTES_DATES = ['actions[].due'] as const;

export const MINUTES_ROWS: RowGroups = {
  attendees: { blank: () => ({ name: '', position: '', side: 'host' }), defaults: ['side'] },
  // the session's items are proposed from the request's topics: one emptied is a mistake to name, not to drop
  items: { blank: () => ({ heading: '', content: '' }), keepBlank: true },
  conclusions: { blank: () => '' },
  actions: { blank: () => ({ task: '', owner: '', due: '', ownerEmail: '' }) },
};

/** The group a button names, when the form has it. */
function groupOf(groups: RowGroups, name: string): RowGroup | undefined {
  return Object.hasOwn(groups, name) ? groups[name as RowGroupName] : undefined;
}

function isBlank(row: unknown, defaults: readonly string[] = []): boolean {
  if (row === undefined || row === null) return true;
  if (typeof row === 'string') return row.trim() === '';
  if (typeof row !== 'object' || Array.isArray(row)) return false;
  return Object.entries(row).every(([k, v]) => defaults.includes(k) || isBlank(v));
}

/**
 * Applies an "add row" (`_add=<group>`) or "remove row" (`_remove=<group>.<index>`) button: the body with the
 * row added or removed, or undefined when the post was no such button.
 */
export function rowButton(
  body: Record<string, unknown>,
  groups: RowGroups,
): Record<string, unknown> | undefined {
  const { _add: add, _remove: remove, ...rest } = body;
  const adding = typeof add === 'string' ? groupOf(groups, add) : undefined;
  if (typeof add === 'string' && adding) {
    const list = Array.isArray(rest[add]) ? [...(rest[add] as unknown[])] : [];
    if (list.length < LIMITS[add as RowGroupName]) list.push(adding.blank());
    return { ...rest, [add]: list };
  }
  if (typeof remove === 'string') {
    const [name = '', index = ''] = remove.split('.');
    if (groupOf(groups, name) && /^\d+$/.test(index)) {
      const list = Array.isArray(rest[name]) ? [...(rest[name] as unknown[])] : [];
      list.splice(Number(index), 1);
      return { ...rest, [name]: list };
    }
  }
  return add !== undefined || remove !== undefined ? rest : undefined;
}

/** The body without the rows where nothing was typed (a form always posts its empty rows), but in a group that keeps them. */
export function withoutBlankRows(body: Record<string, unknown>, groups: RowGroups): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [name, group] of Object.entries(groups)) {
    const list = out[name];
    if (Array.isArray(list) && !group?.keepBlank)
      out[name] = list.filter((row) => !isBlank(row, group?.defaults));
  }
  return out;
}

/**
 * Each field path holding a date (`startDate`, `agenda[].date`) as YYYY-MM-DD, from what a person typed
 * (dd/mm/yyyy or YYYY-MM-DD); anything else stays as typed for the domain to refuse naming the field.
 */
export function withTypedDates(
  values: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const path of paths) {
    const [head = '', rest] = path.split('[].');
    if (rest === undefined) {
      if (head in out) out[head] = typedDate(out[head]);
      continue;
    }
    const list = out[head];
    if (Array.isArray(list))
      out[head] = list.map((row) =>
        row && typeof row === 'object' && rest in row
          ? { ...(row as Record<string, unknown>), [rest]: typedDate((row as Record<string, unknown>)[rest]) }
          : row,
      );
  }
  return out;
}

export type FormOutcome<T> = { done: T } | { page: Result };

export type { FormView };

/** What a form keeps of itself between posts: the draft of what was typed, forgotten once the form is sent. */
export interface FormDraft {
  /** keeps `values`; false when they could not be kept */
  save(values: Record<string, unknown>): Promise<boolean>;
  discard(): Promise<void>;
}

/** The controls a form posts that are no values: the buttons that redraw it. */
function withoutControls(body: Record<string, unknown>): Record<string, unknown> {
  const { _lang, _draft, _add, _remove, ...values } = body;
  return values;
}

/**
 * The form flow of a browser post. Buttons that do not send the form draw it again (200) with everything typed:
 * the language switch (`_lang`) in the other language, a row button, "save the draft" (`_draft=save`). Otherwise
 * `act` runs on the body without blank rows, its dates as YYYY-MM-DD (after `adapt`, which turns form values into
 * the API's), and a ValidationError draws the form again with every error beside its field and what was typed
 * (422). The draft is kept when the person asks (`_draft=save`: a form that opens again does not surprise them
 * with one they did not keep); once the form is sent, the draft is forgotten.
 */
export async function submitForm<T>(
  event: APIGatewayProxyEventV2,
  opts: {
    rows: RowGroups;
    /** false for link posts (the link is the credential) */
    csrf?: boolean;
    /** the field paths holding dates, typed as dd/mm/yyyy or YYYY-MM-DD */
    dates?: readonly string[];
    render: (values: Record<string, unknown>, errors: Record<string, string>, view: FormView) => string;
    adapt?: (values: Record<string, unknown>) => Record<string, unknown>;
    draft?: FormDraft;
    /** the values of a fresh form, when the person drops the draft (`_draft=discard`) */
    fresh?: () => Record<string, unknown>;
    now?: () => Date;
  },
  act: (input: Record<string, unknown>) => Promise<T>,
): Promise<FormOutcome<T>> {
  const body = readPost(event, { csrf: opts.csrf !== false });
  const switched = body._lang === 'vi' || body._lang === 'en' ? body._lang : undefined;
  const lang = switched ?? langOf(event);
  const redraw = async (
    values: Record<string, unknown>,
    status: number,
    errors: Record<string, string> = {},
  ): Promise<FormOutcome<T>> => {
    const kept = opts.draft && body._draft === 'save' ? await opts.draft.save(values) : undefined;
    const view: FormView = {
      lang,
      ...(kept ? { savedAt: (opts.now?.() ?? new Date()).toISOString() } : {}),
      ...(kept === false ? { notSaved: true } : {}),
    };
    return { page: sendPage(event, status, opts.render(values, errors, view), switched) };
  };
  if (switched) return redraw(withoutControls(body), 200);
  const rowed = rowButton(body, opts.rows);
  if (rowed) return redraw(withoutControls(rowed), 200);
  if (body._draft === 'save') return redraw(withoutControls(body), 200);
  if (body._draft === 'discard' && opts.fresh) {
    await opts.draft?.discard();
    return { page: sendPage(event, 200, opts.render(opts.fresh(), {}, { lang })) };
  }
  const values = withoutBlankRows(withoutControls(body), opts.rows);
  try {
    const dated = withTypedDates(values, opts.dates ?? []);
    const input = opts.adapt ? opts.adapt(dated) : dated;
    const done = await act(input);
    await opts.draft?.discard();
    return { done };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return redraw(values, 422, typedFieldMessages(e.fields, lang));
  }
}

// --- minutes form values ------------------------------------------------------------------------------------------

/** A time posted as `{date, time}` (dd/mm/yyyy or YYYY-MM-DD, and HH:MM), as ISO with the Vietnam offset. */
function typedInstant(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { date, time } = value as Record<string, unknown>;
  const day = typedDate(date);
  const clock = typeof time === 'string' ? time.trim() : '';
  if ((day === '' || day === undefined) && clock === '') return '';
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && /^\d{2}:\d{2}$/.test(clock)
    ? withVietnamOffset(`${day}T${clock}`)
    : `${String(day ?? '')} ${clock}`.trim();
}

/**
 * The minutes form's values as the API's minutes body: each time, typed as a Vietnam date and clock time, gets
 * the +07:00 offset, and the chair chosen by email gets the name and position the host agency configures.
 */
export function minutesFromForm(
  values: Record<string, unknown>,
  host: Agency | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const k of ['startedAt', 'endedAt'] as const) out[k] = typedInstant(out[k]);
  const chair = out.chair && typeof out.chair === 'object' ? (out.chair as Record<string, unknown>) : {};
  const email = typeof chair.email === 'string' ? chair.email.trim().toLowerCase() : '';
  const person = host?.approvalChain
    .flatMap((s) => (s.deputy ? [s.approver, s.deputy] : [s.approver]))
    .find((p) => p.email.toLowerCase() === email);
  out.chair = {
    email,
    name: typeof chair.name === 'string' && chair.name ? chair.name : (person?.name ?? email),
    position:
      typeof chair.position === 'string' && chair.position ? chair.position : (person?.position ?? '—'),
  };
  return out;
}
