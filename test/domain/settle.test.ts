/**
 * Settling an approval, the one way a person's answer reaches the waiting execution: claim with a lease, send,
 * confirm — once, whoever clicks twice or concurrently; and the decision posted through a link.
 */
import { describe, expect, it } from 'vitest';
import { decideThroughLink } from '#domain/actions/decide-through-link.ts';
import { CLAIM_LEASE_MS, settleApproval } from '#domain/actions/settle-approval.ts';
import { LinkExpiredError, LinkUsedError, NotAwaitingError, ValidationError } from '#domain/errors.ts';
import type { Approval } from '#domain/ports.ts';
import { failNext } from '../support/memory.ts';
import { awaitingApproval, awaitingSignOff, PEOPLE, type World, world } from './fixtures.ts';

async function firstApproval(w: World): Promise<Approval> {
  const { visitId } = await awaitingApproval(w);
  const approval = await w.store.getApproval(visitId, 'agenda-1-0-approver');
  if (!approval) throw new Error('no approval');
  return approval;
}

const approve = { decision: 'approve' as const, by: PEOPLE.approver1 };

describe('settling an approval', () => {
  it('sends the decision to the waiting task, then records it as decided', async () => {
    const w = world();
    const approval = await firstApproval(w);

    const decided = await settleApproval(w.deps, approval, approve);

    expect(w.workflow.answers).toEqual([
      { taskToken: approval.taskToken, output: { ...approve, approvalId: 'agenda-1-0-approver' } },
    ]);
    expect(decided).toMatchObject({ status: 'DECIDED', decision: 'approve', decidedBy: PEOPLE.approver1 });
    expect(await w.store.getApproval(approval.visitId, approval.id)).toMatchObject({ status: 'DECIDED' });
    expect((await w.store.listEvents(approval.visitId)).at(-1)).toMatchObject({
      type: 'DECIDED',
      actor: PEOPLE.approver1,
      data: { approvalId: approval.id, kind: 'agenda', decision: 'approve' },
    });
  });

  it('a second settlement answers 409 saying who decided and when', async () => {
    const w = world();
    const approval = await firstApproval(w);
    await settleApproval(w.deps, approval, approve);

    const again = settleApproval(w.deps, approval, { decision: 'reject', by: PEOPLE.approver1 });

    await expect(again).rejects.toBeInstanceOf(LinkUsedError);
    await expect(again).rejects.toMatchObject({
      status: 409,
      decidedBy: PEOPLE.approver1,
      decision: 'approve',
    });
    expect(w.workflow.answers).toHaveLength(1);
  });

  it('a claim held by another click answers 409 while its lease runs; after it lapses, the approval can be settled', async () => {
    const w = world();
    const approval = await firstApproval(w);
    const now = w.clock.now().getTime();
    await w.store.updateApproval(approval.visitId, approval.id, ['PENDING'], {
      status: 'CLAIMED',
      leaseUntil: new Date(now + CLAIM_LEASE_MS).toISOString(),
    });

    const meanwhile = settleApproval(w.deps, approval, approve);
    await expect(meanwhile).rejects.toBeInstanceOf(NotAwaitingError);
    await expect(meanwhile).rejects.toMatchObject({ status: 409 });
    w.clock.advance(CLAIM_LEASE_MS + 1000);
    const later = await settleApproval(w.deps, approval, approve);

    expect(later.status).toBe('DECIDED');
  });

  it('a send that fails releases the claim, so the person can try again', async () => {
    const w = world();
    const approval = await firstApproval(w);
    failNext(w.workflow, 'succeed', new Error('throttled'));

    await expect(settleApproval(w.deps, approval, approve)).rejects.toThrow('throttled');
    expect((await w.store.getApproval(approval.visitId, approval.id))?.status).toBe('PENDING');
    const retried = await settleApproval(w.deps, approval, approve);

    expect(retried.status).toBe('DECIDED');
  });

  it('what the answer carries is stored while the claim is held; if that fails, nothing is sent', async () => {
    const w = world();
    const approval = await firstApproval(w);

    const failing = settleApproval(w.deps, approval, approve, async () => {
      throw new Error('store failed');
    });

    await expect(failing).rejects.toThrow('store failed');
    expect(w.workflow.answers).toEqual([]);
    expect((await w.store.getApproval(approval.visitId, approval.id))?.status).toBe('PENDING');
  });

  it('a task that no longer waits closes the approval and answers 409', async () => {
    const w = world();
    const approval = await firstApproval(w);
    w.workflow.close(approval.taskToken);

    const result = settleApproval(w.deps, approval, approve);

    await expect(result).rejects.toBeInstanceOf(NotAwaitingError);
    await expect(result).rejects.toMatchObject({ status: 409 });
    expect((await w.store.getApproval(approval.visitId, approval.id))?.status).toBe('EXPIRED');
  });

  it('an approval escalated away answers 410', async () => {
    const w = world();
    const approval = await firstApproval(w);
    await w.store.updateApproval(approval.visitId, approval.id, ['PENDING'], { status: 'SUPERSEDED' });

    await expect(settleApproval(w.deps, approval, approve)).rejects.toBeInstanceOf(LinkExpiredError);
  });
});

describe('a decision through a link', () => {
  it('is settled as the approver', async () => {
    const w = world();
    const approval = await firstApproval(w);

    await decideThroughLink(w.deps, approval, { decision: 'changes', comment: '  Bổ sung danh sách  ' });

    expect(w.workflow.answers[0]?.output).toEqual({
      decision: 'changes',
      comment: 'Bổ sung danh sách',
      by: PEOPLE.approver1,
      approvalId: approval.id,
    });
  });

  it('a decision the link does not offer is refused, naming the field', async () => {
    const w = world();
    const { visitId } = await awaitingSignOff(w);
    const signOff = await w.store.getApproval(visitId, 'minutes-1-0-chair');

    const result = decideThroughLink(w.deps, signOff!, { decision: 'reject', comment: 'Không' });

    await expect(result).rejects.toBeInstanceOf(ValidationError);
    await expect(result).rejects.toMatchObject({
      fields: { decision: { vi: 'chỉ được chọn approve, changes', en: 'must be one of approve, changes' } },
    });
    expect(w.workflow.answers.some((a) => a.output.approvalId === 'minutes-1-0-chair')).toBe(false);
  });

  it('changes or a rejection without a comment is refused, naming the comment', async () => {
    const w = world();
    const approval = await firstApproval(w);

    const result = decideThroughLink(w.deps, approval, { decision: 'reject', comment: '   ' });

    await expect(result).rejects.toMatchObject({
      fields: { comment: expect.objectContaining({ en: expect.any(String) }) },
    });
    expect(w.workflow.answers).toEqual([]);
  });

  it('a link past its deadline answers 410 before anything is claimed', async () => {
    const w = world();
    const approval = await firstApproval(w);
    w.clock.set(approval.expiresAt);
    w.clock.advance(1000);

    await expect(decideThroughLink(w.deps, approval, { decision: 'approve' })).rejects.toBeInstanceOf(
      LinkExpiredError,
    );
    expect((await w.store.getApproval(approval.visitId, approval.id))?.status).toBe('PENDING');
  });
});
