import { afterEach, describe, expect, it } from 'vitest';
import { appClock, clockOffset, setClockOffset } from '#adapters/clock.ts';

afterEach(() => {
  setClockOffset(0);
});

describe('the application clock', () => {
  it('follows the system clock until it is moved', () => {
    const before = Date.now();

    const now = appClock.now().getTime();

    expect(clockOffset()).toBe(0);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
  });

  it('moved by an offset, it reads that far ahead', () => {
    setClockOffset(3 * 86_400_000);

    const ahead = appClock.now().getTime() - Date.now();

    expect(Math.abs(ahead - 3 * 86_400_000)).toBeLessThan(1000);
  });

  it('refuses an offset that is not a finite number', () => {
    expect(() => setClockOffset(Number.NaN)).toThrow(RangeError);
    expect(() => setClockOffset(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
