/** The shapes a path parameter is checked against hold every id the domain makes. */
import { describe, expect, it } from 'vitest';
import { movedApprovalId } from '#domain/actions/move-approval.ts';
import { APPROVAL_ID } from '#domain/ids.ts';
import { approvalIdFor } from '#domain/lifecycle.ts';

describe('approval ids', () => {
  const first = approvalIdFor({ kind: 'agenda', round: 1, step: 0, role: 'approver' });
  const rescheduled = approvalIdFor({ kind: 'agenda', round: 1, step: 0, role: 'approver', schedule: 2 });

  it('are of the shape a path may carry, as a wait makes them, after a reschedule, and once moved', () => {
    for (const id of [
      first,
      rescheduled,
      movedApprovalId({ id: first }),
      movedApprovalId({ id: movedApprovalId({ id: rescheduled }) }),
      approvalIdFor({ kind: 'minutes', round: 3, step: 0, role: 'chair' }),
    ])
      expect(id).toMatch(APPROVAL_ID);
    expect(movedApprovalId({ id: first })).toBe('agenda-1-0-approver-m1');
    expect(movedApprovalId({ id: rescheduled })).toBe('agenda-1-0-approver-s2-m1');
  });

  it('refuse what no wait makes', () => {
    for (const id of [
      'agenda-1-0-approver-x1',
      'agenda-1-0',
      '../agenda-1-0-approver',
      `agenda-1-0-${'a'.repeat(40)}`,
    ])
      expect(id).not.toMatch(APPROVAL_ID);
  });
});
