/**
 * The requester or an admin of the host agency has the link of an open approval (an agenda approval, a revision, the
 * chair's sign-off) mailed again to its holder: the very same link, with the document, saying who asked. At most
 * once in `POLICY.resendAfterMinutes` after the link was last mailed (calendar time, on the application clock):
 * the mail's time is stamped on the approval with a condition that the last one is older, so two resends at once
 * send one mail, and the other answers 429 with the seconds left.
 */
import { latestChangesAsked } from '#domain/approvals.ts';
import { type FieldErrors, LinkNotFoundError, TooSoonError } from '#domain/errors.ts';
import { type Identity, loadVisit, notice, SYSTEM } from '#domain/lifecycle.ts';
import { POLICY } from '#domain/policy.ts';
import type { Approval, ApprovalKind, NoticeKind } from '#domain/ports.ts';
import { askToDecide } from '#domain/steps/await-decision.ts';
import type { MoveDeps } from './move-approval.ts';
import { closedApprovalError } from './settle-approval.ts';
import { assertMayChange, assertNotEnded, assertValid, lostRace } from './visit-changes.ts';

/** The notice a resent link goes in, by the approval's kind (the minutes' record has no link to resend). */
const RESENT_AS: Partial<Record<ApprovalKind, NoticeKind>> = {
  agenda: 'approvalRequest',
  revision: 'revisionRequest',
  minutes: 'minutesSignoff',
};

export async function resendLink(
  deps: MoveDeps,
  visitId: string,
  approvalId: string,
  actor: Identity,
): Promise<Approval> {
  const visit = await loadVisit(deps.store, visitId);
  assertMayChange(visit, actor, 'resend');
  const now = deps.clock.now();
  // any time before the visit ends: the chair's sign-off is asked after the visit
  assertNotEnded(visit);
  const approval = await deps.store.getApproval(visitId, approvalId);
  if (!approval) throw new LinkNotFoundError();
  const kind = RESENT_AS[approval.kind];
  const fields: FieldErrors = {};
  if (!kind) fields.approvalId = { vi: 'không có liên kết để gửi lại', en: 'has no link to send again' };
  assertValid(fields);
  if (!kind) throw new LinkNotFoundError();
  if (approval.status !== 'PENDING' && approval.status !== 'CLAIMED')
    throw lostRace(await closedApprovalError(deps.store, approval, now));

  const windowMs = POLICY.resendAfterMinutes * 60_000;
  const stamped = await deps.store.updateApproval(
    visitId,
    approvalId,
    ['PENDING', 'CLAIMED'],
    { mailedAt: now.toISOString() },
    { mailedBefore: new Date(now.getTime() - windowMs).toISOString() },
  );
  if (!stamped) {
    const fresh = (await deps.store.getApproval(visitId, approvalId)) ?? approval;
    if ((fresh.status === 'PENDING' || fresh.status === 'CLAIMED') && fresh.mailedAt) {
      const seconds = Math.max(1, Math.ceil((Date.parse(fresh.mailedAt) + windowMs - now.getTime()) / 1000));
      throw new TooSoonError(seconds, {
        vi: `Liên kết vừa được gửi lúc gần đây; có thể gửi lại sau ${Math.ceil(seconds / 60)} phút`,
        en: `The link was mailed recently; it can be sent again in ${Math.ceil(seconds / 60)} minute(s)`,
      });
    }
    throw lostRace(await closedApprovalError(deps.store, fresh, now));
  }
  try {
    const asked = await askToDecide(deps, visit, stamped, 0);
    const comment =
      approval.kind === 'revision'
        ? latestChangesAsked(await deps.store.listApprovals(visitId), 'agenda')?.comment
        : undefined;
    await notice(deps, kind, visit, [stamped.person], {
      ...asked,
      deadline: stamped.expiresAt,
      resentBy: actor.name,
      approvalId,
      ...(comment ? { comment } : {}),
    });
  } catch (e) {
    // not sent: the window stays as it was
    await deps.store.updateApproval(visitId, approvalId, ['PENDING', 'CLAIMED'], {
      mailedAt: approval.mailedAt,
    });
    throw e;
  }
  await deps.store.appendEvent(visitId, {
    type: 'RESENT',
    actor: actor.email === SYSTEM ? SYSTEM : actor.email,
    data: { approvalId, to: stamped.person.email, toName: stamped.person.name, byName: actor.name },
  });
  return stamped;
}
