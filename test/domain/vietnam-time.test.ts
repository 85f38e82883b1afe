import { describe, expect, it } from 'vitest';
import { VIETNAM_OFFSET, vietnamWallTime, withVietnamOffset } from '#domain/clock.ts';

describe('Vietnam wall time', () => {
  it('reads an instant as the time on a clock in Vietnam, whatever offset it was written with', () => {
    expect(vietnamWallTime('2026-08-24T01:00:00Z')).toBe('2026-08-24T08:00');
    expect(vietnamWallTime('2026-08-23T20:30:00-03:00')).toBe('2026-08-24T06:30');
    expect(vietnamWallTime('2026-12-31T17:00:00.000Z')).toBe('2027-01-01T00:00');
  });

  it('has no wall time for what is not a date-time', () => {
    expect(vietnamWallTime('tomorrow')).toBeUndefined();
    expect(vietnamWallTime('')).toBeUndefined();
  });

  it('writes a typed wall time as an instant with the +07:00 offset, the inverse of the reading', () => {
    expect(VIETNAM_OFFSET).toBe('+07:00');
    const typed = '2026-08-24T08:00';
    const instant = withVietnamOffset(typed);
    expect(instant).toBe('2026-08-24T08:00+07:00');
    expect(new Date(instant).toISOString()).toBe('2026-08-24T01:00:00.000Z');
    expect(vietnamWallTime(instant)).toBe(typed);
  });
});
