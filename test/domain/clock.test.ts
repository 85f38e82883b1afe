import { describe, expect, it } from 'vitest';
import { startOfVietnamDay, vietnamDate, vietnamIso, vietnamYear } from '#domain/clock.ts';

describe('Vietnam time', () => {
  it('the date turns at midnight in Vietnam (UTC+7), not in UTC', () => {
    expect(vietnamDate(new Date('2026-08-23T16:59:59Z'))).toBe('2026-08-23');
    expect(vietnamDate(new Date('2026-08-23T17:00:00Z'))).toBe('2026-08-24');
  });

  it('the year turns seven hours before it does in UTC', () => {
    expect(vietnamYear(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
    expect(vietnamYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
  });

  it('an instant is shown with the +07:00 offset', () => {
    expect(vietnamIso(new Date('2026-08-24T01:00:00Z'))).toBe('2026-08-24T08:00:00+07:00');
  });

  it('a Vietnam day starts at 00:00 +07:00, and days can be added', () => {
    expect(startOfVietnamDay('2026-08-24').toISOString()).toBe('2026-08-23T17:00:00.000Z');
    expect(startOfVietnamDay('2026-08-24', 3).toISOString()).toBe('2026-08-26T17:00:00.000Z');
  });
});
