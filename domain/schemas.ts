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
    z.array(z.object({ task: text(1000), owner: text(200), due: date() })).check(z.maxLength(LIMITS.actions)),
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
  if (last === 'startDate' || last === 'endDate' || last === 'due')
    return { vi: 'theo dạng YYYY-MM-DD', en: 'as YYYY-MM-DD' };
  if (last === 'start' || last === 'end') return { vi: 'theo dạng HH:MM', en: 'as HH:MM' };
  if (last === 'startedAt' || last === 'endedAt')
    return { vi: 'theo dạng 2026-08-24T08:00+07:00', en: 'as 2026-08-24T08:00+07:00' };
  if (last === 'phone') return { vi: '8–20 chữ số', en: '8–20 digits' };
  return undefined;
}

/** "members[0].name" for the path ["members", 0, "name"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Records the first reason found for a field. */
function add(fields: FieldErrors, path: readonly PropertyKey[], why: Reason): void {
  fields[fieldPath(path)] ??= why;
}

/** NFC-normalises every string and removes control characters other than tab and newline. */
export function normalizeStrings<T>(value: T): T {
  if (typeof value === 'string') {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    return value.normalize('NFC').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '') as T;
  }
  if (Array.isArray(value)) return value.map((v) => normalizeStrings(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeStrings(v);
    return out as T;
  }
  return value;
}

function parseShape<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): { data?: z.output<S>; fields: FieldErrors } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new MalformedRequestError();
  const result = z.safeParse(schema, normalizeStrings(input));
  const fields: FieldErrors = {};
  if (result.success) return { data: result.data, fields };
  for (const issue of result.error.issues) {
    const hint =
      issue.code === 'invalid_format' && issue.format === 'regex' ? formatHint(issue.path) : undefined;
    const why = reason(issue);
    add(fields, issue.path, hint ? { vi: `${why.vi} (${hint.vi})`, en: `${why.en} (${hint.en})` } : why);
  }
  return { fields };
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
  const today = vietnamDate(clock.now());
  for (const k of ['startDate', 'endDate'] as const) {
    if (!DATE_FORMAT.test(dates[k]))
      add(fields, [k], {
        vi: 'sai định dạng (theo dạng YYYY-MM-DD)',
        en: 'has the wrong format (as YYYY-MM-DD)',
      });
    else if (!isCalendarDate(dates[k]))
      add(fields, [k], { vi: 'không phải ngày có thật', en: 'is not a real date' });
  }
  if (!fields.startDate && dates.startDate < today)
    add(fields, ['startDate'], { vi: 'không được ở quá khứ', en: 'must not be in the past' });
  const latest = requestedAt ? latestStart(requestedAt) : undefined;
  if (latest && !fields.startDate && dates.startDate > latest)
    add(fields, ['startDate'], {
      vi: `không được sau ngày ${latest} (tối đa ${POLICY.startWithinDays} ngày kể từ ngày gửi đề nghị)`,
      en: `must be no later than ${latest} (at most ${POLICY.startWithinDays} days after the request)`,
    });
  if (!fields.endDate && !fields.startDate && dates.endDate < dates.startDate)
    add(fields, ['endDate'], {
      vi: 'không được trước ngày bắt đầu',
      en: 'must not be before the start date',
    });
}

/**
 * Validates a visit request: its shape, then the rules that need the directory and the clock: `mayName` says whether the
 * request may name an agency (a new visit only one in force today, not one that ended in a succession). Throws MalformedRequestError for a body that is not an object, ValidationError with every failing
 * field otherwise.
 */
export function validateVisitRequest(
  input: unknown,
  clock: Clock,
  mayName: (id: string) => boolean,
): VisitRequest {
  const { data, fields } = parseShape(visitRequestSchema, input);
  if (data) {
    checkDates(data, fields, clock);
    for (const k of ['hostAgencyId', 'visitingAgencyId'] as const)
      if (!mayName(data[k]))
        add(fields, [k], {
          vi: 'không có trong danh sách cơ quan đang hoạt động',
          en: 'is not an agency in force today',
        });
    if (data.hostAgencyId === data.visitingAgencyId)
      add(fields, ['visitingAgencyId'], {
        vi: 'phải khác cơ quan đón đoàn',
        en: 'must differ from the host agency',
      });
    data.agenda.forEach((item, i) => {
      if (HHMM.test(item.start) && HHMM.test(item.end) && item.end <= item.start)
        add(fields, ['agenda', i, 'end'], { vi: 'phải sau giờ bắt đầu', en: 'must be after the start time' });
    });
  }
  if (!data || Object.keys(fields).length > 0) throw new ValidationError(fields);
  return data;
}

/**
 * Validates the minutes of a visit: within the visit's dates, not in the future, ending after they start, and a
 * chair who is one of the host agency's approvers (`host`, as valid today: the sign-off link goes to that address).
 */
export function validateMinutes(
  input: unknown,
  visit: Pick<Visit, 'request'>,
  clock: Clock,
  host: Pick<Agency, 'approvalChain'> | undefined,
): MinutesRecord {
  const { data, fields } = parseShape(minutesSchema, input);
  if (data) {
    const now = clock.now().getTime();
    const first = startOfVietnamDay(visit.request.startDate).getTime();
    const last = startOfVietnamDay(visit.request.endDate, 1).getTime();
    const times: Record<'startedAt' | 'endedAt', number> = {
      startedAt: Date.parse(data.startedAt),
      endedAt: Date.parse(data.endedAt),
    };
    for (const k of ['startedAt', 'endedAt'] as const) {
      const t = times[k];
      if (!Number.isFinite(t))
        add(fields, [k], { vi: 'không phải thời điểm có thật', en: 'is not a real time' });
      else if (t < first || t >= last)
        add(fields, [k], {
          vi: 'phải trong thời gian của chuyến công tác',
          en: "must be within the visit's dates",
        });
      else if (t > now) add(fields, [k], { vi: 'không được ở tương lai', en: 'must not be in the future' });
    }
    if (!fields.endedAt && !fields.startedAt && times.endedAt <= times.startedAt)
      add(fields, ['endedAt'], { vi: 'phải sau thời gian bắt đầu', en: 'must be after the start time' });
    if (!host || !approverEmails(host).has(data.chair.email))
      add(fields, ['chair', 'email'], {
        vi: 'phải là một người phê duyệt của cơ quan đón đoàn',
        en: "must be one of the host agency's approvers",
      });
    data.actions.forEach((a, i) => {
      if (!isCalendarDate(a.due))
        add(fields, ['actions', i, 'due'], { vi: 'không phải ngày có thật', en: 'is not a real date' });
    });
    if (!data.attendees.some((a) => a.side === 'host'))
      add(fields, ['attendees'], {
        vi: 'cần ít nhất một người của bên đón',
        en: 'needs at least one host attendee',
      });
    if (!data.attendees.some((a) => a.side === 'visiting'))
      add(fields, ['attendees'], {
        vi: 'cần ít nhất một người của đoàn',
        en: 'needs at least one visiting attendee',
      });
  }
  if (!data || Object.keys(fields).length > 0) throw new ValidationError(fields);
  return data;
}
