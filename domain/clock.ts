/**
 * Time in the domain. The rules, due dates, reminders and timeouts read one application clock through the `Clock`
 * port (the adapter, functions/adapters/clock.ts, is the system clock in AWS and one the local runtime can move);
 * sessions and JWTs follow real time, not this clock. Dates people see and documents carry are Vietnam dates, and
 * this file is the one owner of the +07:00 offset.
 */

export interface Clock {
  now(): Date;
}

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';
/** Vietnam keeps no daylight saving time: always UTC+7, as ISO 8601 writes it. */
export const VIETNAM_OFFSET = '+07:00';
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** The calendar date in Vietnam, YYYY-MM-DD. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year in Vietnam (document counters restart on it). */
export function vietnamYear(at: Date): number {
  return Number(vietnamDate(at).slice(0, 4));
}

/** An instant as ISO 8601 with the +07:00 offset, e.g. 2026-08-24T08:00:00+07:00. */
export function vietnamIso(at: Date): string {
  return `${new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}${VIETNAM_OFFSET}`;
}

/** The instant a Vietnam calendar date starts (00:00 +07:00), optionally plus whole days. */
export function startOfVietnamDay(date: string, plusDays = 0): Date {
  const t = Date.parse(`${date}T00:00:00Z`) - VIETNAM_OFFSET_MS;
  return new Date(t + plusDays * 86_400_000);
}

/** A calendar date as written everywhere: YYYY-MM-DD. */
export const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** A date written YYYY-MM-DD that is on the calendar (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_FORMAT.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** A Vietnam wall time written without an offset (YYYY-MM-DDTHH:MM[:SS]) as ISO 8601 with the +07:00 offset. */
export function withVietnamOffset(wallTime: string): string {
  return `${wallTime}${VIETNAM_OFFSET}`;
}

/**
 * An ISO 8601 instant as Vietnam wall time, YYYY-MM-DDTHH:MM (the value of a datetime-local input), or undefined
 * when it is not a date-time.
 */
export function vietnamWallTime(iso: string): string | undefined {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? vietnamIso(new Date(ms)).slice(0, 16) : undefined;
}

/** The calendar date `days` after (or, negative, before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day of the week of a YYYY-MM-DD date: 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
