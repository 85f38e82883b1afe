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
import { readPost } from './csrf.ts';
import { fieldMessages, langOf, type Result } from './http.ts';
import { sendPage } from './pages.ts';

// --- repeatable rows --------------------------------------------------------------------------------------------

/** The lists a form repeats rows of; each holds at most the domain's limit (LIMITS) of rows. */
export type RowGroupName = keyof typeof LIMITS;

export interface RowGroup {
  /** a new, empty row */
  blank: () => unknown;
  /** keys that hold a default choice, not something typed (e.g. a select's side) */
  defaults?: readonly string[];
}

export type RowGroups = Partial<Record<RowGroupName, RowGroup>>;

export const REQUEST_ROWS: RowGroups = {
  members: { blank: () => ({ name: '', position: '' }) },
  topics: { blank: () => '' },
  agenda: { blank: () => ({ start: '', end: '', content: '', presenter: '' }) },
};

export const MINUTES_ROWS: RowGroups = {
  attendees: { blank: () => ({ name: '', position: '', side: 'host' }), defaults: ['side'] },
  items: { blank: () => ({ heading: '', content: '' }) },
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

/** The body without the rows where nothing was typed (a form always posts its empty rows). */
export function withoutBlankRows(body: Record<string, unknown>, groups: RowGroups): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [name, group] of Object.entries(groups)) {
    const list = out[name];
    if (Array.isArray(list)) out[name] = list.filter((row) => !isBlank(row, group?.defaults));
  }
  return out;
}

export type FormOutcome<T> = { done: T } | { page: Result };

/**
 * The form flow of a browser post: a row button re-renders the form (200); otherwise `act` runs on the body
 * without blank rows (after `adapt`, which turns form values into the API's), and a ValidationError re-renders the
 * form with the errors beside their fields and what was typed (422).
 */
export async function submitForm<T>(
  event: APIGatewayProxyEventV2,
  opts: {
    rows: RowGroups;
    /** false for link posts (the link is the credential) */
    csrf?: boolean;
    render: (values: Record<string, unknown>, errors: Record<string, string>) => string;
    adapt?: (values: Record<string, unknown>) => Record<string, unknown>;
  },
  act: (input: Record<string, unknown>) => Promise<T>,
): Promise<FormOutcome<T>> {
  const body = readPost(event, { csrf: opts.csrf !== false });
  const changed = rowButton(body, opts.rows);
  if (changed) return { page: sendPage(event, 200, opts.render(changed, {})) };
  const values = withoutBlankRows(body, opts.rows);
  try {
    return { done: await act(opts.adapt ? opts.adapt(values) : values) };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { page: sendPage(event, 422, opts.render(values, fieldMessages(e, langOf(event)))) };
  }
}

// --- minutes form values ------------------------------------------------------------------------------------------

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/**
 * The minutes form's values as the API's minutes body: times typed as Vietnam wall time get the +07:00 offset,
 * and the chair chosen by email gets the name and position the host agency configures.
 */
export function minutesFromForm(
  values: Record<string, unknown>,
  host: Agency | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const k of ['startedAt', 'endedAt'] as const) {
    const v = out[k];
    if (typeof v === 'string' && LOCAL_DATETIME.test(v.trim())) out[k] = withVietnamOffset(v.trim());
  }
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
