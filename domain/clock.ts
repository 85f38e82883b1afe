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
  return `${new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** The instant a Vietnam calendar date starts (00:00 +07:00), optionally plus whole days. */
export function startOfVietnamDay(date: string, plusDays = 0): Date {
  const t = Date.parse(`${date}T00:00:00+07:00`);
  return new Date(t + plusDays * 86_400_000);
}
