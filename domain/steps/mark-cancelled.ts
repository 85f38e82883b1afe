/**
 * MarkCancelled: the Cancelled end of the lifecycle, where a wait's `VisitCancelled` failure (sent by a cancel) or
 * a step that found its visit cancelled is routed. What the cancel left open is closed as CANCELLED, and everyone
 * who had mail about the visit is told, once each: those who received its invitation with the invitation's
 * cancellation (iCalendar METHOD:CANCEL, the same UID), the others without. Nothing after it sends a reminder or
 * waits for a timeout: the execution ends here.
 */
import type { Person } from '#domain/agencies.ts';
import {
  cancelledBy,
  type Deps,
  isNoticeOf,
  loadVisit,
  moveTo,
  notice,
  requester,
  SYSTEM,
} from '#domain/lifecycle.ts';
import type { ApprovalClosure, VisitEvent } from '#domain/ports.ts';
import { isFinal } from '#domain/visit.ts';

export async function markCancelled(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'directory'>,
  input: { visitId: string; error?: { Error?: string; Cause?: string } },
): Promise<{ visitId: string }> {
  let visit = await loadVisit(deps.store, input.visitId);
  const now = deps.clock.now();
  if (!isFinal(visit.status)) {
    // only a cancel sends this failure, after recording the visit: kept as a guard, never the usual way here
    const reason = String(input.error?.Cause ?? '').slice(0, 300);
    visit = await moveTo(
      deps.store,
      visit,
      'CANCELLED',
      { cancellation: { by: SYSTEM, byName: SYSTEM, at: now.toISOString(), reason } },
      now,
    );
  }
  if (visit.status !== 'CANCELLED') return { visitId: visit.id };

  const closed: ApprovalClosure = {
    cause: 'cancel',
    by: visit.cancellation?.by ?? SYSTEM,
    ...cancelledBy(visit),
  };
  const approvals = await deps.store.listApprovals(visit.id);
  for (const a of approvals)
    if (a.status === 'PENDING' || a.status === 'CLAIMED')
      await deps.store.updateApproval(
        visit.id,
        a.id,
        ['PENDING', 'CLAIMED'],
        { status: 'CANCELLED', closed, leaseUntil: undefined },
        { leaseExpiredBefore: now.toISOString() },
      );

  const log = await deps.store.listEvents(visit.id);
  const told = recipients(log, (e) => isNoticeOf(e, 'cancelled'));
  const invited = recipients(log, (e) => isNoticeOf(e, 'approved'));
  const everyone = new Map<string, Person>();
  for (const email of recipients(log, (e) => e.type === 'NOTICE_SENT' && !isNoticeOf(e, 'cancelled')).keys())
    everyone.set(
      email,
      personNamed(
        email,
        visit,
        approvals.map((a) => a.person),
      ),
    );
  const asker = requester(visit);
  everyone.set(asker.email.toLowerCase(), asker);
  const left = [...everyone.entries()].filter(([email]) => !told.has(email));
  const withInvitation = left.filter(([email]) => invited.has(email)).map(([, p]) => p);
  const without = left.filter(([email]) => !invited.has(email)).map(([, p]) => p);
  const extra = { comment: closed.reason, byName: closed.byName };
  if (withInvitation.length)
    await notice(deps, 'cancelled', visit, withInvitation, { ...extra, calendar: 'cancel' });
  if (without.length) await notice(deps, 'cancelled', visit, without, extra);
  return { visitId: visit.id };
}

/** The addresses the matching notices went to (lowercase). */
function recipients(log: readonly VisitEvent[], which: (e: VisitEvent) => boolean): Map<string, true> {
  const out = new Map<string, true>();
  for (const e of log)
    if (which(e) && Array.isArray(e.data?.to))
      for (const to of e.data.to) if (typeof to === 'string') out.set(to.toLowerCase(), true);
  return out;
}

/** A recipient by name where the visit knows them: the requester, the contact, a person an approval asked. */
function personNamed(
  email: string,
  visit: Parameters<typeof requester>[0],
  asked: readonly Person[],
): Person {
  if (visit.owner.email.toLowerCase() === email) return requester(visit);
  if (visit.request.contact.email.toLowerCase() === email)
    return { name: visit.request.contact.name, position: '', email };
  return asked.find((p) => p.email.toLowerCase() === email) ?? { name: '', position: '', email };
}
