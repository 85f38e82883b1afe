/**
 * The one application clock (ARCHITECTURE.md, Time). The domain's rules, due dates, reminders and timeouts read
 * it. In AWS the offset is always zero, so it is the system clock; the local runtime moves it through
 * `setClockOffset` (POST /local/clock). Sessions and JWTs follow real time, not this clock.
 */

export interface Clock {
  now(): Date;
}

let offsetMs = 0;

export const appClock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
};

export function clockOffset(): number {
  return offsetMs;
}

export function setClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError('clock offset must be a finite number of milliseconds');
  offsetMs = ms;
}

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000; // Vietnam keeps no daylight saving time
/** The offset of Vietnam time as ISO 8601 writes it (all year: no daylight saving time). */
export const VIETNAM_OFFSET = '+07:00';

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
  const t = Date.parse(withVietnamOffset(`${date}T00:00:00`));
  return new Date(t + plusDays * 86_400_000);
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
