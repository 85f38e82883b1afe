/**
 * Settling an approval, the one way a person's answer reaches a waiting execution (a decision through a link, a
 * revised request, recorded minutes, a reschedule): exactly once, whoever clicks twice or concurrently. The claim
 * it starts with is the one every change of an open approval makes first (a cancel, a reschedule, a reassignment),
 * so that of two changes racing for one wait exactly one wins and the other is told what happened.
 */
import { cancelledLinkError } from '#domain/approvals.ts';
import { CLAIM_LEASE_MS } from '#domain/claim.ts';
import {
  DomainError,
  LinkExpiredError,
  LinkReassignedError,
  LinkUsedError,
  NotAwaitingError,
} from '#domain/errors.ts';
import { type CallbackResult, cancelledBy, type Deps, SYSTEM } from '#domain/lifecycle.ts';
import type { Approval, ApprovalClosure, ApprovalStatus, VisitStore } from '#domain/ports.ts';

/** How long an approval someone else has claimed is watched for its outcome, to say what it was. */
const SETTLE_WATCH = { tries: 40, everyMs: 25 } as const;

export { CLAIM_LEASE_MS };

/**
 * Claims an open approval with a short lease: from PENDING, or from a claim whose lease lapsed (its holder
 * crashed). Returns the approval as claimed (with the task token it holds now); throws the 409/410 that says why
 * it could not be claimed.
 */
export async function claimApproval(
  deps: Pick<Deps, 'store'>,
  approval: Pick<Approval, 'visitId' | 'id'>,
  now: Date,
): Promise<Approval> {
  const claimed = await deps.store.updateApproval(
    approval.visitId,
    approval.id,
    ['PENDING', 'CLAIMED'],
    { status: 'CLAIMED', leaseUntil: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString() },
    { leaseExpiredBefore: now.toISOString() },
  );
  if (!claimed) throw await closedApprovalError(deps.store, approval, now);
  return claimed;
}

/** Gives a claimed approval back, its lease gone, so the next try can claim it at once. */
export async function releaseApproval(
  deps: Pick<Deps, 'store'>,
  approval: Pick<Approval, 'visitId' | 'id'>,
): Promise<void> {
  await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], {
    status: 'PENDING',
    leaseUntil: undefined,
  });
}

/** How a settled approval is closed: DECIDED with the decision (the default), or CANCELLED with why. */
export type Closing = Partial<Approval> & { status: ApprovalStatus };

/**
 * Claims the approval with a short lease, sends the answer to the waiting execution, then closes it. A failed
 * send releases the claim (the caller answers 503 and the person can try again); a closed task answers 409.
 * `beforeSend` stores what the answer carries (a revised request, the minutes) while the claim is held. The
 * approval closes as DECIDED with the decision, or as `close` says; the DECIDED event is recorded for a decision.
 * Returns the closed approval.
 */
export async function settleApproval(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  result: Omit<CallbackResult, 'approvalId'>,
  beforeSend?: () => Promise<void>,
  close?: Closing,
): Promise<Approval> {
  const now = deps.clock.now();
  const claimed = await claimApproval(deps, approval, now);
  // a visit called off while no wait was open (or whose cancel could not close this one): the link is closed too
  const visit = await deps.store.getVisit(approval.visitId);
  if (visit?.status === 'CANCELLED') {
    const closed: ApprovalClosure = {
      cause: 'cancel',
      by: visit.cancellation?.by ?? SYSTEM,
      ...cancelledBy(visit),
    };
    await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], {
      status: 'CANCELLED',
      closed,
      leaseUntil: undefined,
    });
    throw cancelledLinkError({ closed });
  }
  try {
    if (beforeSend) await beforeSend();
    await deps.workflow.succeed(claimed.taskToken, { ...result, approvalId: approval.id });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'TASK_CLOSED') {
      await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], { status: 'EXPIRED' });
      throw new NotAwaitingError({
        vi: 'Yêu cầu này đã đóng (quá hạn hoặc đã được xử lý)',
        en: 'This request is closed (timed out or already handled)',
      });
    }
    await releaseApproval(deps, approval);
    throw e;
  }
  const closing: Closing = close ?? {
    status: 'DECIDED',
    decision: result.decision,
    ...(result.comment ? { comment: result.comment } : {}),
    decidedAt: now.toISOString(),
    decidedBy: result.by,
  };
  const closed = await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], closing);
  if (!close)
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
  return closed ?? { ...claimed, ...closing };
}

/** The error that explains why an approval could not be claimed. */
export async function closedApprovalError(
  store: VisitStore,
  approval: Pick<Approval, 'visitId' | 'id'> & Partial<Approval>,
  now: Date,
): Promise<DomainError> {
  let fresh = (await store.getApproval(approval.visitId, approval.id)) ?? approval;
  // claimed by another answer or change at this moment: its outcome, a few milliseconds away, is what to say
  for (let i = 0; fresh.status === 'CLAIMED' && i < SETTLE_WATCH.tries; i++) {
    await new Promise((r) => setTimeout(r, SETTLE_WATCH.everyMs));
    fresh = (await store.getApproval(approval.visitId, approval.id)) ?? fresh;
  }
  if (fresh.status === 'DECIDED')
    return new LinkUsedError({
      decidedBy: fresh.decidedBy,
      decidedByName: fresh.person?.name,
      decidedAt: fresh.decidedAt,
      decision: fresh.decision,
    });
  if (fresh.status === 'REASSIGNED') return new LinkReassignedError(fresh.reassignedTo?.name ?? '');
  if (fresh.status === 'CANCELLED') return cancelledLinkError(fresh);
  if (fresh.status === 'CLAIMED')
    return new NotAwaitingError({
      vi: 'Yêu cầu đang được xử lý ngay lúc này; vui lòng tải lại sau giây lát',
      en: 'The request is being handled at this very moment; reload in a moment',
    });
  if (
    fresh.status === 'EXPIRED' ||
    fresh.status === 'SUPERSEDED' ||
    (fresh.expiresAt !== undefined && fresh.expiresAt < now.toISOString())
  )
    return new LinkExpiredError();
  return new LinkUsedError({});
}
