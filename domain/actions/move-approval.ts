/**
 * Moving an open agenda approval to another person (a substitute while its holder is away, or an admin's
 * reassignment): the new person gets an approval of their own, bound to the same waiting task token, with a new
 * link mailed to them; the old approval becomes REASSIGNED and its link answers 410 saying to whom. Reminders and
 * timeouts follow the approval to its current holder (approvals.ts, `currentHolder`); the decision names the
 * approval that decided.
 *
 * The old approval is claimed first, with the claim a decision makes (settle-approval.ts): of a move and its
 * holder's decision racing, exactly one wins. No transactions: the new approval is stored while the claim is held
 * (a crash leaves the claim to lapse and the old link working again, and a retry completes the move), then the old
 * one is closed from the claim.
 */

import { claimApproval, closedApprovalError, releaseApproval } from '#domain/actions/settle-approval.ts';
import type { Person } from '#domain/agencies.ts';
import { DomainError, LinkNotFoundError, ValidationError } from '#domain/errors.ts';
import { type Deps, notice, SYSTEM } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import { askToDecide, linkCredentials } from '#domain/steps/await-decision.ts';

export type MoveDeps = Pick<
  Deps,
  'store' | 'clock' | 'mailer' | 'compose' | 'documents' | 'links' | 'publicUrl' | 'directory'
>;

/**
 * The id of the approval a move makes: the wait's approval id with the move's number, e.g. agenda-1-0-approver-m2
 * (url-safe: a link token carries it).
 */
export function movedApprovalId(approval: Pick<Approval, 'id'>): string {
  const [, base = approval.id, n = '0'] = /^(.*?)(?:-m(\d+))?$/.exec(approval.id) ?? [];
  return `${base}-m${Number(n) + 1}`;
}

/**
 * Moves the open agenda approval `approvalId` of a visit to `to`. 404 for no such approval; 422 for one that is not
 * an agenda approval, or a move to its own holder; 409 when it is decided or being decided; 410 when it expired.
 * Returns the new approval.
 */
export async function moveApproval(
  deps: MoveDeps,
  visitId: string,
  approvalId: string,
  to: Person,
  why: { reason: string; by: string; byName?: string },
): Promise<Approval> {
  const approval = await deps.store.getApproval(visitId, approvalId);
  if (!approval) throw new LinkNotFoundError();
  if (approval.kind !== 'agenda')
    throw new ValidationError({
      approvalId: {
        vi: 'chỉ chuyển được yêu cầu phê duyệt chương trình',
        en: 'only an agenda approval moves',
      },
    });
  if (approval.person.email.toLowerCase() === to.email.toLowerCase())
    throw new ValidationError({ toEmail: { vi: 'đang là người giữ yêu cầu', en: 'holds it already' } });
  const now = deps.clock.now();
  const visit = await deps.store.getVisit(visitId);
  if (!visit) throw new LinkNotFoundError();
  // the claim a decision makes: a decision being made, or made, wins; so does an earlier move
  const claimed = await claimApproval(deps, approval, now);

  const id = movedApprovalId(approval);
  try {
    const {
      leaseUntil: _l,
      noticesSent: _n,
      mailedAt: _m,
      decision: _d,
      comment: _c,
      decidedAt: _a,
      decidedBy: _b,
      ...kept
    } = claimed;
    const moved: Approval = {
      ...kept,
      id,
      person: to,
      ...(await linkCredentials(deps, visitId, id)),
      status: 'PENDING',
      reassignedFrom: { approvalId: approval.id, reason: why.reason },
      createdAt: now.toISOString(),
    };
    await deps.store.putApproval(moved);
  } catch (e) {
    await releaseApproval(deps, approval);
    throw e;
  }
  const closed = await deps.store.updateApproval(visitId, approval.id, ['CLAIMED'], {
    status: 'REASSIGNED',
    reassignedTo: { approvalId: id, name: to.name },
    leaseUntil: undefined,
  });
  if (!closed) {
    // the claim lapsed and someone else's claim came first: the new approval never opened
    await deps.store.updateApproval(visitId, id, ['PENDING'], { status: 'SUPERSEDED' });
    throw await closedApprovalError(deps.store, approval, now);
  }
  // a reminder may have given the old approval a new task token while it was claimed: the new one follows it
  const current = await deps.store.getApproval(visitId, id);
  if (current && current.taskToken !== closed.taskToken)
    await deps.store.updateApproval(visitId, id, ['PENDING', 'CLAIMED'], { taskToken: closed.taskToken });
  const stored = await deps.store.getApproval(visitId, id);
  if (!stored)
    throw new DomainError('MOVE_LOST', 500, {
      vi: 'Mất yêu cầu đã chuyển',
      en: 'The moved approval is lost',
    });
  await deps.store.appendEvent(visitId, {
    type: 'REASSIGNED',
    actor: why.by === SYSTEM ? SYSTEM : why.by,
    data: {
      from: approval.id,
      to: id,
      toEmail: to.email,
      toName: to.name,
      reason: why.reason,
      ...(why.byName ? { byName: why.byName } : {}),
    },
  });
  await notice(deps, 'approvalRequest', visit, [to], {
    ...(await askToDecide(deps, visit, stored, 0)),
    deadline: stored.expiresAt,
    approvalId: id,
  });
  await deps.store.updateApproval(visitId, id, ['PENDING', 'CLAIMED', 'DECIDED'], {
    noticesSent: stored.reminders,
    mailedAt: deps.clock.now().toISOString(),
  });
  return stored;
}
