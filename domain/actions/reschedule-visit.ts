/**
 * Moving a visit's dates (the requester, before it starts, from any wait up to AWAITING_MINUTES). The open wait is
 * claimed as a decision claims it — of a reschedule and the last approval racing, exactly one wins — and answered
 * `rescheduled` with the new dates; Decide records them and the reason, tells the people concerned, and the agenda
 * is drafted again (its next version, the same number) and goes to the chain's first step. The closed link answers
 * 410 saying the dates moved; once approved again, the invitation goes out with the same UID and a higher SEQUENCE.
 * Nothing is written before the wait is claimed: bad dates, no reason, a visit begun or ended are refused first.
 */

import type { FieldErrors } from '#domain/errors.ts';
import { VisitStateError } from '#domain/errors.ts';
import { type Deps, type Identity, loadVisit } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import { checkDates } from '#domain/schemas.ts';
import type { Visit, VisitStatus } from '#domain/visit.ts';
import { settleApproval } from './settle-approval.ts';
import { assertChangeable, assertMayChange, assertValid, lostRace, readReason } from './visit-changes.ts';

/** The statuses a reschedule is made from, and the wait open in each. */
export const RESCHEDULABLE: Partial<Record<VisitStatus, Approval['kind']>> = {
  AWAITING_APPROVAL: 'agenda',
  CHANGES_REQUESTED: 'revision',
  APPROVED: 'minutesRecord',
  AWAITING_MINUTES: 'minutesRecord',
};

export async function rescheduleVisit(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  visitId: string,
  body: Record<string, unknown>,
  actor: Identity,
): Promise<Visit> {
  const visit = await loadVisit(deps.store, visitId);
  assertMayChange(visit, actor, 'reschedule');
  const now = deps.clock.now();
  assertChangeable(visit, now);
  const fields: FieldErrors = {};
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const dates = { startDate: str('startDate'), endDate: str('endDate') };
  checkDates(dates, fields, deps.clock, new Date(visit.createdAt));
  if (
    !fields.startDate &&
    !fields.endDate &&
    dates.startDate === visit.request.startDate &&
    dates.endDate === visit.request.endDate
  )
    fields.startDate = { vi: 'trùng với thời gian hiện tại', en: 'is the same as the dates the visit has' };
  const reason = readReason(body, fields);
  assertValid(fields);

  const kind = RESCHEDULABLE[visit.status];
  const open = kind
    ? (await deps.store.listApprovals(visitId)).find(
        (a) => a.kind === kind && (a.status === 'PENDING' || a.status === 'CLAIMED'),
      )
    : undefined;
  if (!open)
    throw new VisitStateError(visit.status, {
      vi: `Chuyến công tác đang chuyển bước (trạng thái ${visit.status}); vui lòng thử lại sau giây lát`,
      en: `The visit is moving between steps (status ${visit.status}); try again in a moment`,
    });
  try {
    await settleApproval(
      deps,
      open,
      { decision: 'rescheduled', by: actor.email, comment: reason, dates },
      undefined,
      {
        status: 'CANCELLED',
        closed: { cause: 'reschedule', by: actor.email, byName: actor.name, at: now.toISOString(), reason },
        leaseUntil: undefined,
      },
    );
  } catch (e) {
    throw lostRace(e);
  }
  return visit;
}
