import { describe, expect, it } from 'vitest';
import { canTransition, FINAL_STATUSES, isFinal, STATUSES } from '#domain/visit.ts';

describe('status transitions', () => {
  it('the happy path from request to archive is allowed step by step', () => {
    const path = [
      'SUBMITTED',
      'AGENDA_DRAFTED',
      'AWAITING_APPROVAL',
      'APPROVED',
      'AWAITING_MINUTES',
      'MINUTES_DRAFTED',
      'AWAITING_MINUTES_APPROVAL',
      'ARCHIVED',
    ] as const;

    const steps = path.slice(1).map((to, i) => canTransition(path[i] as (typeof path)[number], to));

    expect(steps.every(Boolean)).toBe(true);
  });

  it('asking for changes loops back through a new agenda draft', () => {
    expect(canTransition('AWAITING_APPROVAL', 'CHANGES_REQUESTED')).toBe(true);
    expect(canTransition('CHANGES_REQUESTED', 'AGENDA_DRAFTED')).toBe(true);
    expect(canTransition('AWAITING_MINUTES_APPROVAL', 'MINUTES_CHANGES_REQUESTED')).toBe(true);
    expect(canTransition('MINUTES_CHANGES_REQUESTED', 'AWAITING_MINUTES')).toBe(true);
  });

  it('the next approver in the chain keeps the visit awaiting approval', () => {
    expect(canTransition('AWAITING_APPROVAL', 'AWAITING_APPROVAL')).toBe(true);
  });

  it('skipping steps is not allowed', () => {
    expect(canTransition('SUBMITTED', 'APPROVED')).toBe(false);
    expect(canTransition('AGENDA_DRAFTED', 'ARCHIVED')).toBe(false);
    expect(canTransition('APPROVED', 'ARCHIVED')).toBe(false);
  });

  it('any status but a final one can fail', () => {
    for (const from of STATUSES) expect(canTransition(from, 'FAILED')).toBe(!FINAL_STATUSES.includes(from));
  });

  it('nothing leaves a final status', () => {
    for (const from of FINAL_STATUSES) {
      expect(isFinal(from)).toBe(true);
      expect(STATUSES.filter((to) => canTransition(from, to))).toEqual([]);
    }
  });
});
