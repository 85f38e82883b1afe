/**
 * The application clock, the Clock every handler hands the domain: the system clock moved by an offset. In AWS
 * the offset is always zero; the local runtime moves it through `setClockOffset` (POST /local/clock) so that
 * deadlines, reminders and timeouts can be reached without waiting.
 */
import type { Clock } from '#domain/clock.ts';

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
