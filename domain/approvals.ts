/**
 * What an emailed link resolves to (the decision posted through it: actions/decide-through-link.ts). A forged or
 * unknown link answers 404, an expired or escalated-away one 410, a used one 409 (saying by whom and when); GET
 * changes nothing.
 */
import type { Clock } from './clock.ts';
import {
  type DomainError,
  LinkExpiredError,
  LinkNotFoundError,
  LinkReassignedError,
  LinkRescheduledError,
  LinkUsedError,
  VisitCancelledError,
} from './errors.ts';
import { tokenHash, verifiedClaims } from './links.ts';
import type { Approval, ApprovalKind, Decision, LinkKeys, VisitStore } from './ports.ts';
import { type Visit, visitAgencyNames } from './visit.ts';

/** The approval a link token stands for, whatever its state; LinkNotFoundError for anything forged or unknown. */
export async function resolveLink(
  deps: { store: VisitStore; links: LinkKeys },
  token: string,
  kinds: readonly ApprovalKind[],
): Promise<Approval> {
  const claims = await verifiedClaims(deps.links, token);
  if (!claims) throw new LinkNotFoundError();
  const approval = await deps.store.getApproval(claims.visitId, claims.approvalId);
  if (!approval || approval.tokenHash !== tokenHash(token) || !kinds.includes(approval.kind))
    throw new LinkNotFoundError();
  return approval;
}

/** The error of an approval closed as CANCELLED: the visit was called off (410), or its dates moved (410). */
export function cancelledLinkError(approval: Pick<Approval, 'closed'>): DomainError {
  const c = approval.closed;
  if (!c) return new LinkExpiredError();
  const by = { byName: c.byName, at: c.at, reason: c.reason };
  return c.cause === 'cancel' ? new VisitCancelledError(by) : new LinkRescheduledError(by);
}

/** Throws the 409/410 that a closed approval answers; returns for one still open. */
export function assertOpen(approval: Approval, clock: Clock): void {
  if (approval.status === 'DECIDED')
    throw new LinkUsedError({
      decidedBy: approval.decidedBy,
      decidedByName: approval.person.name,
      decidedAt: approval.decidedAt,
      decision: approval.decision,
    });
  if (approval.status === 'REASSIGNED') throw new LinkReassignedError(approval.reassignedTo?.name ?? '');
  if (approval.status === 'CANCELLED') throw cancelledLinkError(approval);
  if (approval.status === 'EXPIRED' || approval.status === 'SUPERSEDED') throw new LinkExpiredError();
  if (approval.expiresAt < clock.now().toISOString()) throw new LinkExpiredError();
}

export function decisionsOffered(approval: Pick<Approval, 'kind'>): Decision[] {
  return approval.kind === 'minutes' ? ['approve', 'changes'] : ['approve', 'changes', 'reject'];
}

/** A short, safe summary of what the approver is asked to decide on (no tokens, no internal ids). */
export function approvalSummary(approval: Approval, visit: Visit) {
  const { host, visiting } = visitAgencyNames(visit);
  return {
    visitId: visit.id,
    kind: approval.kind,
    status: approval.status,
    approver: { name: approval.person.name, position: approval.person.position },
    title: visit.request.title,
    hostAgency: host.name,
    visitingAgency: visiting.name,
    startDate: visit.request.startDate,
    endDate: visit.request.endDate,
    place: visit.request.place,
    expiresAt: approval.expiresAt,
    decisions: decisionsOffered(approval),
    ...(approval.status === 'DECIDED'
      ? { decidedBy: approval.decidedBy, decidedAt: approval.decidedAt, decision: approval.decision }
      : {}),
  };
}

/** The latest decision of `kind` that asked for changes: its comment is what the revision or the minutes answer. */
export function latestChangesAsked(approvals: readonly Approval[], kind: ApprovalKind): Approval | undefined {
  return approvals
    .filter((a) => a.kind === kind && a.decision === 'changes')
    .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
    .pop();
}

/**
 * The approval that holds a wait now: the one the wait made (`approvalId`), or, after it was moved to another person
 * (a substitute, an admin's reassignment), the one it moved to, and so on. Undefined when the wait made none.
 */
export async function currentHolder(
  store: Pick<VisitStore, 'getApproval'>,
  visitId: string,
  approvalId: string,
): Promise<Approval | undefined> {
  let approval = await store.getApproval(visitId, approvalId);
  const seen = new Set<string>();
  while (approval?.status === 'REASSIGNED' && approval.reassignedTo && !seen.has(approval.id)) {
    seen.add(approval.id);
    const next = await store.getApproval(visitId, approval.reassignedTo.approvalId);
    // a move a crash interrupted before its new approval was stored: the old one still holds
    if (!next) break;
    approval = next;
  }
  return approval;
}
