/**
 * Calling a visit off (the requester, or an admin of either agency, with a reason, before it starts). The open wait
 * is claimed as a decision claims it — a decision made first wins, and the cancel is told so — then the visit is
 * recorded CANCELLED, and the wait's task receives a `VisitCancelled` failure, which the chain routes to its
 * Cancelled end (MarkCancelled: the other links closed, everyone who had mail told). Never an execution-level
 * abort. A step running while no wait is open finds the visit cancelled and goes to the same end; a wait opened
 * while the cancel was being recorded sees it there too (it reads the visit after storing its approval, the cancel
 * reads the approvals after storing the visit). A cancel of a cancelled visit answers 409 saying who and when,
 * and ends any wait an interrupted first cancel left open.
 */
import { claimApproval, releaseApproval } from '#domain/actions/settle-approval.ts';
import { DomainError, type FieldErrors, InvalidTransitionError, VISIT_CANCELLED } from '#domain/errors.ts';
import { cancelledBy, type Deps, type Identity, loadVisit, moveTo } from '#domain/lifecycle.ts';
import type { Approval, ApprovalClosure } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import {
  assertChangeable,
  assertMayChange,
  assertValid,
  isOpenApproval,
  lostRace,
  readReason,
} from './visit-changes.ts';

type CancelDeps = Pick<Deps, 'store' | 'workflow' | 'clock'>;

export async function cancelVisit(
  deps: CancelDeps,
  visitId: string,
  body: Record<string, unknown>,
  actor: Identity,
): Promise<Visit> {
  const visit = await loadVisit(deps.store, visitId);
  assertMayChange(visit, actor, 'cancel');
  const fields: FieldErrors = {};
  const reason = readReason(body, fields);
  if (visit.status === 'CANCELLED') {
    // a first cancel interrupted after recording the visit may have left a wait open: end it now
    await endWaits(deps, visit, await openApprovals(deps, visitId), closureOf(visit));
  }
  assertChangeable(visit, deps.clock.now());
  assertValid(fields);

  const now = deps.clock.now();
  const claimed: Approval[] = [];
  try {
    for (const a of await openApprovals(deps, visitId)) claimed.push(await claimApproval(deps, a, now));
  } catch (e) {
    for (const c of claimed) await releaseApproval(deps, c);
    throw lostRace(e);
  }

  const cancellation = { by: actor.email, byName: actor.name, at: now.toISOString(), reason };
  let cancelled: Visit;
  try {
    cancelled = await moveTo(deps.store, visit, 'CANCELLED', { cancellation }, now);
  } catch (e) {
    for (const c of claimed) await releaseApproval(deps, c);
    if (!(e instanceof InvalidTransitionError)) throw e;
    // it ended meanwhile: cancelled by someone else, expired, rejected
    const fresh = await loadVisit(deps.store, visitId);
    assertChangeable(fresh, now);
    throw e;
  }
  await deps.store.appendEvent(visitId, {
    type: 'CANCELLED',
    actor: actor.email,
    data: { reason, byName: actor.name },
  });
  const closure = closureOf(cancelled);
  await endWaits(deps, cancelled, claimed, closure);
  // a wait that opened between the listing and the visit's write: the cancel closes it too
  const late = (await openApprovals(deps, visitId)).filter((a) => !claimed.some((c) => c.id === a.id));
  await endWaits(deps, cancelled, late, closure);
  return cancelled;
}

async function openApprovals(deps: Pick<Deps, 'store'>, visitId: string): Promise<Approval[]> {
  return (await deps.store.listApprovals(visitId)).filter(isOpenApproval);
}

function closureOf(visit: Visit): ApprovalClosure {
  return { cause: 'cancel', by: visit.cancellation?.by ?? '', ...cancelledBy(visit) };
}

/**
 * Sends each wait's task the `VisitCancelled` failure and closes its approval as CANCELLED. One this cancel has not
 * claimed is claimed first; one someone else holds is left to them (their answer meets the cancelled visit). A task
 * closed already (it timed out at the same moment) needs nothing: the step after it finds the visit cancelled.
 */
async function endWaits(
  deps: CancelDeps,
  visit: Visit,
  approvals: readonly Approval[],
  closed: ApprovalClosure,
): Promise<void> {
  const now = deps.clock.now();
  for (const a of approvals) {
    let held = a;
    if (a.status !== 'CLAIMED' || a.leaseUntil === undefined) {
      try {
        held = await claimApproval(deps, a, now);
      } catch (e) {
        if (e instanceof DomainError && e.status < 500) continue;
        throw e;
      }
    }
    try {
      await deps.workflow.fail(held.taskToken, VISIT_CANCELLED, closed.reason.slice(0, 1000));
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'TASK_CLOSED')) throw e;
    }
    await deps.store.updateApproval(visit.id, a.id, ['CLAIMED', 'PENDING'], {
      status: 'CANCELLED',
      closed,
      leaseUntil: undefined,
    });
  }
}
