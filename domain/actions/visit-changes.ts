/**
 * What the changes to a visit share (cancel, reschedule, reassign, resend): who may make each, the reason they
 * must give, the states they may be made in, and what the loser of a race is told. A change of an open wait claims
 * its approval as a decision does (settle-approval.ts), so of two things racing for one wait exactly one happens.
 */
import type { Identity } from '#domain/directory/users.ts';
import {
  DomainError,
  type FieldErrors,
  ForbiddenError,
  LinkReassignedError,
  LinkUsedError,
  NotAwaitingError,
  ValidationError,
  VisitCancelledError,
  VisitStateError,
} from '#domain/errors.ts';
import { cancelledBy } from '#domain/lifecycle.ts';
import { visitStarted } from '#domain/policy.ts';
import type { Approval, ApprovalKind } from '#domain/ports.ts';
import { isFinal, type Visit, type VisitStatus } from '#domain/visit.ts';

/** Who may make a change: the requester, the admins of the host agency, the admins of the visiting agency. */
export type ChangeActor = 'requester' | 'hostAdmin' | 'visitingAdmin';

/** Who may make each change (docs/http-api.md, Changing a visit). */
export const MAY: Record<'cancel' | 'reschedule' | 'reassign' | 'resend', readonly ChangeActor[]> = {
  cancel: ['requester', 'hostAdmin', 'visitingAdmin'],
  reschedule: ['requester'],
  reassign: ['hostAdmin'],
  resend: ['requester', 'hostAdmin'],
};

/** An admin of an agency: its own admins, and any directory-admin. */
function adminOf(actor: Identity, agencyId: string): boolean {
  return (
    actor.roles.includes('directory-admin') || (actor.roles.includes('admin') && actor.agencyId === agencyId)
  );
}

/** What `actor` is to the visit. */
export function rolesIn(visit: Visit, actor: Identity): Set<ChangeActor> {
  const roles = new Set<ChangeActor>();
  if (visit.owner.email.toLowerCase() === actor.email.toLowerCase()) roles.add('requester');
  if (adminOf(actor, visit.request.hostAgencyId)) roles.add('hostAdmin');
  if (adminOf(actor, visit.request.visitingAgencyId)) roles.add('visitingAdmin');
  return roles;
}

/** Whether `actor` may make `change` to the visit (the visit page offers only those). */
export function mayChange(visit: Visit, actor: Identity, change: keyof typeof MAY): boolean {
  const roles = rolesIn(visit, actor);
  return MAY[change].some((r) => roles.has(r));
}

/** ForbiddenError (403) unless `actor` may make `change`. */
export function assertMayChange(visit: Visit, actor: Identity, change: keyof typeof MAY): void {
  if (!mayChange(visit, actor, change)) throw new ForbiddenError();
}

/** The longest reason a change keeps. */
export const REASON_MAX = 500;

/** The reason a change must give, trimmed; its error under `reason` when missing or too long. */
export function readReason(body: Record<string, unknown>, fields: FieldErrors): string {
  const reason = typeof body.reason === 'string' ? body.reason.normalize('NFC').trim() : '';
  if (!reason) fields.reason = { vi: 'bắt buộc nhập', en: 'is required' };
  else if (reason.length > REASON_MAX)
    fields.reason = { vi: `tối đa ${REASON_MAX} ký tự`, en: `at most ${REASON_MAX} characters` };
  return reason;
}

/** Throws the ValidationError of `fields` when there is one. */
export function assertValid(fields: FieldErrors): void {
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

/**
 * A change is made before the visit starts, to a visit that has not ended: a cancelled one answers 409 saying who
 * cancelled and when; one that ended otherwise, or has begun, 409 naming its state.
 */
export function assertChangeable(visit: Visit, now: Date): void {
  assertNotEnded(visit);
  assertNotBegun(visit, now);
}

/** 409 for a visit that has ended: a cancelled one saying who cancelled and when, another naming its state. */
export function assertNotEnded(visit: Visit): void {
  if (visit.status === 'CANCELLED') throw new VisitCancelledError(cancelledBy(visit), 409);
  if (isFinal(visit.status))
    throw new VisitStateError(visit.status, {
      vi: `Chuyến công tác đã kết thúc (trạng thái ${visit.status})`,
      en: `The visit has ended (status ${visit.status})`,
    });
}

/** 409 for a visit that has begun (on the application clock). */
export function assertNotBegun(visit: Visit, now: Date): void {
  if (visitStarted(visit, now))
    throw new VisitStateError('STARTED', {
      vi: `Chuyến công tác đã bắt đầu (ngày ${visit.request.startDate}); không thay đổi được nữa`,
      en: `The visit has begun (on ${visit.request.startDate}); it can no longer be changed`,
    });
}

/**
 * What the change that lost a race for an open wait is told (409): the decision, the move, the cancel or the
 * reschedule that came first, from the error its claim met.
 */
export function lostRace(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error instanceof LinkUsedError)
    return new NotAwaitingError({
      vi: `Vừa có quyết định được ghi nhận${error.decidedByName ? ` (${error.decidedByName})` : ''}; vui lòng xem lại chuyến công tác`,
      en: `A decision was just recorded${error.decidedByName ? ` (${error.decidedByName})` : ''}; look at the visit again`,
    });
  if (error instanceof LinkReassignedError)
    return new NotAwaitingError({
      vi: `Yêu cầu vừa được chuyển cho ${error.to}`,
      en: `The request was just reassigned to ${error.to}`,
    });
  if (error instanceof VisitCancelledError) return new VisitCancelledError(error.closed, 409);
  if (error.status === 410) return new NotAwaitingError(error.text);
  return error;
}

/** An approval still waiting for its holder (a claim being settled included). */
export function isOpenApproval(a: Pick<Approval, 'status'>): boolean {
  return a.status === 'PENDING' || a.status === 'CLAIMED';
}

/** The kinds of open approval whose link may be mailed again (the minutes' record has no link). */
export const RESENDABLE: readonly ApprovalKind[] = ['agenda', 'revision', 'minutes'];

/** The changes a person may make to a visit now, as the visit page offers them. */
export interface ChangesOffered {
  cancel: boolean;
  reschedule: boolean;
  /** the open approvals they may hand to someone else */
  reassign: string[];
  /** the open approvals whose link they may have mailed again */
  resend: string[];
}

/**
 * What `actor` may change of the visit at `now` (each change checks again when it is made): nothing once it has
 * ended; once it has begun, only a resend (the chair's sign-off comes after the visit).
 */
export function changesOffered(
  visit: Visit,
  approvals: readonly Approval[],
  actor: Identity,
  now: Date,
  reschedulable: readonly VisitStatus[],
): ChangesOffered {
  const none: ChangesOffered = { cancel: false, reschedule: false, reassign: [], resend: [] };
  if (isFinal(visit.status)) return none;
  const open = approvals.filter(isOpenApproval);
  const before = !visitStarted(visit, now);
  return {
    cancel: before && mayChange(visit, actor, 'cancel'),
    reschedule: before && mayChange(visit, actor, 'reschedule') && reschedulable.includes(visit.status),
    reassign:
      before && mayChange(visit, actor, 'reassign')
        ? open.filter((a) => a.kind === 'agenda').map((a) => a.id)
        : [],
    resend: mayChange(visit, actor, 'resend')
      ? open.filter((a) => RESENDABLE.includes(a.kind)).map((a) => a.id)
      : [],
  };
}
