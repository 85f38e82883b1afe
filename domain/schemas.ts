/**
 * Input schemas for a visit request and for the minutes, on zod/mini (classic zod adds ~450 KB to a bundle).
 * zod checks the shape; the rules that need the clock or the configuration are plain functions below. Every
 * failure comes back as a ValidationError giving, by field path, the reason in Vietnamese and English (the
 * templates name the field).
 */
import * as z from 'zod/mini';
import { type Agency, approverEmails } from './agencies.ts';
import { type Clock, DATE_FORMAT, isCalendarDate, startOfVietnamDay, vietnamDate } from './clock.ts';
import { type FieldErrors, MalformedRequestError, type Reason, ValidationError } from './errors.ts';
import { fieldPath, plainInput } from './input.ts';
import type { People } from './people.ts';
import { latestStart, POLICY } from './policy.ts';
import { LIMITS, type MinutesRecord, type Visit, type VisitRequest } from './visit.ts';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const optionalText = (max: number) => z._default(z.string().check(z.trim(), z.maxLength(max)), '');
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:\d{2}|Z)$/;
const date = () => z.string().check(z.trim(), z.regex(DATE_FORMAT));
const email = () => z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email());

export const visitRequestSchema = z.object({
  hostAgencyId: text(64),
  visitingAgencyId: text(64),
  delegationOf: z.optional(z.string().check(z.trim(), z.maxLength(300))),
  title: text(300),
  purpose: text(4000),
  startDate: date(),
  endDate: date(),
  place: text(300),
  language: z._default(z.enum(['vi', 'en']), 'vi'),
  members: z
    .array(z.object({ name: text(120), position: text(200) }))
    .check(z.minLength(1), z.maxLength(LIMITS.members)),
  topics: z.array(text(500)).check(z.minLength(1), z.maxLength(LIMITS.topics)),
  agenda: z._default(
    z
      .array(
        z.object({
          date: z.optional(date()),
          start: z.string().check(z.trim(), z.regex(HHMM)),
          end: z.string().check(z.trim(), z.regex(HHMM)),
          content: text(1000),
          presenter: optionalText(200),
        }),
      )
      .check(z.maxLength(LIMITS.agenda)),
    [],
  ),
  contact: z.object({
    name: text(120),
    email: email(),
    phone: z.string().check(z.trim(), z.regex(/^\+?[0-9 .()-]{8,20}$/)),
  }),
});

export const minutesSchema = z.object({
  startedAt: z.string().check(z.trim(), z.regex(ISO_WITH_OFFSET)),
  endedAt: z.string().check(z.trim(), z.regex(ISO_WITH_OFFSET)),
  place: text(300),
  chair: z.object({ name: text(120), position: text(200), email: email() }),
  secretary: z.object({ name: text(120), position: text(200) }),
  attendees: z
    .array(z.object({ name: text(120), position: text(200), side: z.enum(['host', 'visiting']) }))
    .check(z.minLength(2), z.maxLength(LIMITS.attendees)),
  items: z
    .array(z.object({ heading: text(300), content: text(20000) }))
    .check(z.minLength(1), z.maxLength(LIMITS.items)),
  conclusions: z.array(text(4000)).check(z.minLength(1), z.maxLength(LIMITS.conclusions)),
  actions: z._default(
    z
      .array(z.object({ task: text(1000), owner: text(200), ownerEmail: z.optional(email()), due: date() }))
      .check(z.maxLength(LIMITS.actions)),
    [],
  ),
});

function reason(issue: z.core.$ZodIssue): Reason {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? { vi: 'bắt buộc nhập', en: 'is required' }
        : { vi: 'sai kiểu dữ liệu', en: 'has the wrong type' };
    case 'too_small':
      if (issue.origin === 'array')
        return { vi: `cần ít nhất ${issue.minimum}`, en: `needs at least ${issue.minimum}` };
      return issue.minimum === 1
        ? { vi: 'bắt buộc nhập', en: 'is required' }
        : { vi: `cần ít nhất ${issue.minimum} ký tự`, en: `needs at least ${issue.minimum} characters` };
    case 'too_big':
      return issue.origin === 'array'
        ? { vi: `tối đa ${issue.maximum} mục`, en: `at most ${issue.maximum} entries` }
        : { vi: `tối đa ${issue.maximum} ký tự`, en: `at most ${issue.maximum} characters` };
    case 'invalid_format':
      if (issue.format === 'email')
        return { vi: 'không phải địa chỉ email hợp lệ', en: 'is not a valid email address' };
      return { vi: 'sai định dạng', en: 'has the wrong format' };
    case 'invalid_value':
      return { vi: 'không phải giá trị được phép', en: 'is not one of the allowed values' };
    case 'unrecognized_keys':
      return { vi: 'có trường không được phép', en: 'has unexpected fields' };
    default:
      return { vi: 'không hợp lệ', en: 'is not valid' };
  }
}

/** Format hints for the fields whose format is fixed. */
function formatHint(path: readonly PropertyKey[]): Reason | undefined {
  const last = path[path.length - 1];
  if (last === 'startDate' || last === 'endDate' || last === 'due' || last === 'date')
    return { vi: 'theo dạng YYYY-MM-DD', en: 'as YYYY-MM-DD' };
  if (last === 'start' || last === 'end') return { vi: 'theo dạng HH:MM', en: 'as HH:MM' };
  if (last === 'startedAt' || last === 'endedAt')
    return { vi: 'theo dạng 2026-08-24T08:00+07:00', en: 'as 2026-08-24T08:00+07:00' };
  if (last === 'phone') return { vi: '8–20 chữ số', en: '8–20 digits' };
  return undefined;
}

/** Records the first reason found for a field. */
function add(fields: FieldErrors, path: readonly PropertyKey[], why: Reason): void {
  fields[fieldPath(path)] ??= why;
}

function parseShape<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): { data?: z.output<S>; fields: FieldErrors; raw: Record<string, unknown> } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new MalformedRequestError();
  const raw = plainInput(input) as Record<string, unknown>;
  const result = z.safeParse(schema, raw);
  const fields: FieldErrors = {};
  if (result.success) return { data: result.data, fields, raw };
  for (const issue of result.error.issues) {
    const hint =
      issue.code === 'invalid_format' && issue.format === 'regex' ? formatHint(issue.path) : undefined;
    const why = reason(issue);
    add(fields, issue.path, hint ? { vi: `${why.vi} (${hint.vi})`, en: `${why.en} (${hint.en})` } : why);
  }
  return { fields, raw };
}

/**
 * The input as far as its shape was accepted, for the rules across fields: each is checked on every field that
 * passed, even when another failed, so a person sees every mistake in one pass.
 */
class Passed {
  constructor(
    private readonly raw: unknown,
    private readonly fields: FieldErrors,
  ) {}

  /** The trimmed text at `path` when its shape passed and it matches `format`, else undefined. */
  text(path: readonly PropertyKey[], format?: RegExp): string | undefined {
    if (this.fields[fieldPath(path)]) return undefined;
    let node: unknown = this.raw;
    for (const p of path) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<PropertyKey, unknown>)[p];
    }
    if (typeof node !== 'string') return undefined;
    const v = node.trim();
    return v !== '' && (!format || format.test(v)) ? v : undefined;
  }

  /** How many entries the list at `key` holds (as posted). */
  count(key: string): number {
    const list = (this.raw as Record<string, unknown>)[key];
    return Array.isArray(list) ? list.length : 0;
  }
}

/**
 * The rule on a visit's dates, wherever they are given (a request, a revision, a reschedule): real dates, the start
 * not in the past, the end not before the start, and, counted from `requestedAt` when given (the visit's request:
 * its execution started then), a start at most `POLICY.startWithinDays` later. Adds each failure to `fields`.
 */
export function checkDates(
  dates: { startDate: string; endDate: string },
  fields: FieldErrors,
  clock: Clock,
  requestedAt?: Date,
): void {
  // each rule runs on every date that is real, whatever another rule says of it (all mistakes in one pass)
  const real = { startDate: false, endDate: false };
  for (const k of ['startDate', 'endDate'] as const) {
    if (fields[k]) continue;
    if (!DATE_FORMAT.test(dates[k]))
      add(fields, [k], {
        vi: 'sai định dạng (theo dạng YYYY-MM-DD)',
        en: 'has the wrong format (as YYYY-MM-DD)',
      });
    else if (!isCalendarDate(dates[k]))
      add(fields, [k], { vi: 'không phải ngày có thật', en: 'is not a real date' });
    else real[k] = true;
  }
  const latest = requestedAt ? latestStart(requestedAt) : undefined;
  if (real.startDate && dates.startDate < vietnamDate(clock.now()))
    add(fields, ['startDate'], { vi: 'không được ở quá khứ', en: 'must not be in the past' });
  else if (real.startDate && latest && dates.startDate > latest)
    add(fields, ['startDate'], {
      vi: `không được sau ngày ${latest} (tối đa ${POLICY.startWithinDays} ngày kể từ ngày gửi đề nghị)`,
      en: `must be no later than ${latest} (at most ${POLICY.startWithinDays} days after the request)`,
    });
  if (real.startDate && real.endDate && dates.endDate < dates.startDate)
    add(fields, ['endDate'], {
      vi: 'không được trước ngày bắt đầu',
      en: 'must not be before the start date',
    });
}

/**
 * Validates a visit request: its shape, then the rules that need the directory and the clock: not in the past,
 * starting at most `POLICY.startWithinDays` after `requestedAt` (now for a new request, the visit's request for a
 * revision), and naming agencies `mayName` allows (a new visit only one in force today, not one that ended in a
 * succession). Every rule runs on every field whose shape passed, so all mistakes come back at once. Throws
 * MalformedRequestError for a body that is not an object, ValidationError with every failing field otherwise.
 */
export function validateVisitRequest(
  input: unknown,
  clock: Clock,
  mayName: (id: string) => boolean,
  opts: { requestedAt?: Date } = {},
): VisitRequest {
  const { data, fields, raw } = parseShape(visitRequestSchema, input);
  const passed = new Passed(raw, fields);
  // the dates as their shapes passed, read before the rules across fields mark them
  const [typedStart, typedEnd] = [passed.text(['startDate']), passed.text(['endDate'])];
  // the dates' rule is the one a reschedule checks too; on a field whose shape failed it adds nothing
  checkDates(
    { startDate: typedStart ?? '', endDate: typedEnd ?? '' },
    fields,
    clock,
    opts.requestedAt ?? clock.now(),
  );
  // the agenda's days are held to the visit's dates that are real
  const real = (d: string | undefined) => (d && DATE_FORMAT.test(d) && isCalendarDate(d) ? d : undefined);
  const [start, end] = [real(typedStart), real(typedEnd)];
  const host = passed.text(['hostAgencyId']);
  const visiting = passed.text(['visitingAgencyId']);
  for (const [k, id] of [
    ['hostAgencyId', host],
    ['visitingAgencyId', visiting],
  ] as const)
    if (id && !mayName(id))
      add(fields, [k], {
        vi: 'không có trong danh sách cơ quan đang hoạt động',
        en: 'is not an agency in force today',
      });
  if (host && host === visiting)
    add(fields, ['hostAgencyId'], {
      vi: 'phải khác cơ quan cử đoàn',
      en: 'must differ from the sending agency',
    });
  for (let i = 0; i < passed.count('agenda'); i++) {
    const from = passed.text(['agenda', i, 'start'], HHMM);
    const to = passed.text(['agenda', i, 'end'], HHMM);
    if (from && to && to <= from)
      add(fields, ['agenda', i, 'end'], { vi: 'phải sau giờ bắt đầu', en: 'must be after the start time' });
    const on = passed.text(['agenda', i, 'date'], DATE_FORMAT);
    if (on && !isCalendarDate(on))
      add(fields, ['agenda', i, 'date'], { vi: 'không phải ngày có thật', en: 'is not a real date' });
    else if (on && ((start && on < start) || (end && on > end)))
      add(fields, ['agenda', i, 'date'], {
        vi: 'phải trong thời gian của chuyến công tác',
        en: "must be within the visit's dates",
      });
  }
  if (!data || Object.keys(fields).length > 0) throw new ValidationError(fields);
  return data;
}

/** The minutes with an action's blank owner address left out (a form posts every box, filled or not). */
function withoutBlankOwnerEmails(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const { actions } = input as { actions?: unknown };
  if (!Array.isArray(actions)) return input;
  return {
    ...input,
    actions: actions.map((a) => {
      if (!a || typeof a !== 'object' || Array.isArray(a)) return a;
      const { ownerEmail, ...rest } = a as Record<string, unknown>;
      return typeof ownerEmail === 'string' && ownerEmail.trim() === '' ? rest : a;
    }),
  };
}

/**
 * The owners with mail who are no person of either agency of the visit (their link would go to a stranger), by
 * field path; empty when every owner is one.
 */
export async function unknownOwners(
  minutes: Pick<MinutesRecord, 'actions'>,
  visit: Pick<Visit, 'request'>,
  people: People,
): Promise<FieldErrors> {
  const fields: FieldErrors = {};
  const agencies = [visit.request.hostAgencyId, visit.request.visitingAgencyId];
  await Promise.all(
    minutes.actions.map(async (a, i) => {
      if (a.ownerEmail && !(await people.personOf(a.ownerEmail, agencies)))
        fields[fieldPath(['actions', i, 'ownerEmail'])] = {
          vi: 'không phải người của cơ quan đón đoàn hoặc cơ quan cử đoàn',
          en: 'is not a person of the host or the visiting agency',
        };
    }),
  );
  return fields;
}

/**
 * Validates the minutes of a visit: within the visit's dates, not in the future, ending after they start, a chair
 * who is one of the host agency's approvers (`host`, as valid today: the sign-off link goes to that address), and
 * actions due no earlier than the visit (their owners are checked against the agencies by `unknownOwners`). Every
 * rule runs on every field whose shape passed, so all mistakes come back at once.
 */
export function validateMinutes(
  input: unknown,
  visit: Pick<Visit, 'request'>,
  clock: Clock,
  host: Pick<Agency, 'approvalChain'> | undefined,
): MinutesRecord {
  const { data, fields, raw } = parseShape(minutesSchema, withoutBlankOwnerEmails(input));
  const passed = new Passed(raw, fields);
  const now = clock.now().getTime();
  const first = startOfVietnamDay(visit.request.startDate).getTime();
  const last = startOfVietnamDay(visit.request.endDate, 1).getTime();
  const instant = (k: 'startedAt' | 'endedAt'): number | undefined => {
    const v = passed.text([k], ISO_WITH_OFFSET);
    if (v === undefined) return undefined;
    const t = Date.parse(v);
    if (!Number.isFinite(t))
      add(fields, [k], { vi: 'không phải thời điểm có thật', en: 'is not a real time' });
    else if (t < first || t >= last)
      add(fields, [k], {
        vi: 'phải trong thời gian của chuyến công tác',
        en: "must be within the visit's dates",
      });
    else if (t > now) add(fields, [k], { vi: 'không được ở tương lai', en: 'must not be in the future' });
    else return t;
    return undefined;
  };
  const startedAt = instant('startedAt');
  const endedAt = instant('endedAt');
  if (startedAt !== undefined && endedAt !== undefined && endedAt <= startedAt)
    add(fields, ['endedAt'], { vi: 'phải sau thời gian bắt đầu', en: 'must be after the start time' });
  const chair = passed.text(['chair', 'email']);
  if (chair !== undefined && (!host || !approverEmails(host).has(chair.toLowerCase())))
    add(fields, ['chair', 'email'], {
      vi: 'phải là một người phê duyệt của cơ quan đón đoàn',
      en: "must be one of the host agency's approvers",
    });
  for (let i = 0; i < passed.count('actions'); i++) {
    const due = passed.text(['actions', i, 'due'], DATE_FORMAT);
    if (due && !isCalendarDate(due))
      add(fields, ['actions', i, 'due'], { vi: 'không phải ngày có thật', en: 'is not a real date' });
    else if (due && due < visit.request.startDate)
      add(fields, ['actions', i, 'due'], {
        vi: 'không được trước ngày bắt đầu chuyến công tác',
        en: 'must not be before the visit starts',
      });
  }
  const sides = Array.from({ length: passed.count('attendees') }, (_, i) =>
    passed.text(['attendees', i, 'side']),
  );
  if (!fields.attendees && passed.count('attendees') >= 2) {
    if (!sides.includes('host'))
      add(fields, ['attendees'], {
        vi: 'cần ít nhất một người của bên đón',
        en: 'needs at least one host attendee',
      });
    if (!sides.includes('visiting'))
      add(fields, ['attendees'], {
        vi: 'cần ít nhất một người của đoàn',
        en: 'needs at least one visiting attendee',
      });
  }
  if (!data || Object.keys(fields).length > 0) throw new ValidationError(fields);
  return data;
}
