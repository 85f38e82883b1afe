/**
 * Settling an approval, the one way a person's answer reaches a waiting execution (a decision through a link, a
 * revised request, recorded minutes): exactly once, whoever clicks twice or concurrently (domain/claim.ts).
 */
import { CLAIM_LEASE_MS, claimOnce } from '#domain/claim.ts';
import {
  DomainError,
  LinkExpiredError,
  LinkReassignedError,
  LinkUsedError,
  NotAwaitingError,
} from '#domain/errors.ts';
import type { CallbackResult, Deps } from '#domain/lifecycle.ts';
import type { Approval, VisitStore } from '#domain/ports.ts';

export { CLAIM_LEASE_MS };

/**
 * Claims the approval with a short lease, sends the decision to the waiting execution, then confirms. A failed
 * send releases the claim (the caller answers 503 and the person can try again); a closed task answers 409.
 * `beforeSend` stores what the answer carries (a revised request, the minutes) while the claim is held. Returns
 * the decided approval.
 */
export async function settleApproval(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  result: Omit<CallbackResult, 'approvalId'>,
  beforeSend?: () => Promise<void>,
): Promise<Approval> {
  const now = deps.clock.now();
  const { claimed } = await claimOnce(deps.clock, {
    take: (leaseUntil, at) =>
      deps.store.updateApproval(
        approval.visitId,
        approval.id,
        ['PENDING', 'CLAIMED'],
        { status: 'CLAIMED', leaseUntil },
        { leaseExpiredBefore: at },
      ),
    refused: () => closedApprovalError(deps.store, approval, now),
    act: async (held) => {
      if (beforeSend) await beforeSend();
      await deps.workflow.succeed(held.taskToken, { ...result, approvalId: approval.id });
    },
    release: async (e) => {
      if (e instanceof DomainError && e.code === 'TASK_CLOSED') {
        await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], { status: 'EXPIRED' });
        return new NotAwaitingError({
          vi: 'Yêu cầu này đã đóng (quá hạn hoặc đã được xử lý)',
          en: 'This request is closed (timed out or already handled)',
        });
      }
      // released with its lease, so the person's next try can claim it at once
      await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], {
        status: 'PENDING',
        leaseUntil: undefined,
      });
      return e;
    },
  });
  const decided = await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], {
    status: 'DECIDED',
    decision: result.decision,
    ...(result.comment ? { comment: result.comment } : {}),
    decidedAt: now.toISOString(),
    decidedBy: result.by,
  });
  await deps.store.appendEvent(approval.visitId, {
    type: 'DECIDED',
    actor: result.by,
    data: {
      approvalId: approval.id,
      kind: approval.kind,
      decision: result.decision,
      ...(result.comment ? { comment: result.comment } : {}),
    },
  });
  return decided ?? { ...claimed, status: 'DECIDED', decision: result.decision };
}

/** The error that explains why an approval could not be claimed. */
export async function closedApprovalError(
  store: VisitStore,
  approval: Approval,
  now: Date,
): Promise<DomainError> {
  const fresh = (await store.getApproval(approval.visitId, approval.id)) ?? approval;
  if (fresh.status === 'DECIDED')
    return new LinkUsedError({
      decidedBy: fresh.decidedBy,
      decidedByName: fresh.person.name,
      decidedAt: fresh.decidedAt,
      decision: fresh.decision,
    });
  if (fresh.status === 'REASSIGNED') return new LinkReassignedError(fresh.reassignedTo?.name ?? '');
  if (fresh.status === 'EXPIRED' || fresh.status === 'SUPERSEDED' || fresh.expiresAt < now.toISOString())
    return new LinkExpiredError();
  return new LinkUsedError({});
}
