/**
 * An admin of the host agency hands an open agenda approval to another person of the host agency (never the chair's
 * sign-off of minutes): the shared move (move-approval.ts) claims it as a decision would — of the move and the old
 * holder's decision racing, exactly one wins — gives the new person a link of their own and closes the old link
 * (410, "reassigned to …"). The old holder is told. Whoever decides signs: the decision names the approval, and its
 * person, that decided.
 */
import { personOf } from '#domain/directory/substitutes.ts';
import { type FieldErrors, LinkNotFoundError } from '#domain/errors.ts';
import { agenciesOf, type Identity, loadVisit, notice } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import { type MoveDeps, moveApproval } from './move-approval.ts';
import {
  assertMayChange,
  assertNotBegun,
  assertNotEnded,
  assertValid,
  lostRace,
  readReason,
} from './visit-changes.ts';

export async function reassignApproval(
  deps: MoveDeps,
  visitId: string,
  approvalId: string,
  body: Record<string, unknown>,
  actor: Identity,
): Promise<Approval> {
  const visit = await loadVisit(deps.store, visitId);
  assertMayChange(visit, actor, 'reassign');
  const now = deps.clock.now();
  assertNotEnded(visit);
  const approval = await deps.store.getApproval(visitId, approvalId);
  if (!approval) throw new LinkNotFoundError();
  const fields: FieldErrors = {};
  // the kind first: the chair's sign-off, asked after the visit, is refused as what it is
  if (approval.kind !== 'agenda') {
    fields.approvalId = {
      vi: 'chỉ chuyển được yêu cầu phê duyệt chương trình, không chuyển việc chủ tọa duyệt biên bản',
      en: "only an agenda approval moves, never the chair's sign-off of the minutes",
    };
    assertValid(fields);
  }
  assertNotBegun(visit, now);
  const toEmail = typeof body.toEmail === 'string' ? body.toEmail.trim().toLowerCase() : '';
  const { host } = await agenciesOf(deps, visit, now);
  const to = toEmail ? personOf(host, await deps.directory.users(host.id), toEmail) : undefined;
  if (!toEmail) fields.toEmail = { vi: 'bắt buộc nhập', en: 'is required' };
  else if (!to)
    fields.toEmail = { vi: 'phải là người của cơ quan đón đoàn', en: 'must be a person of the host agency' };
  const reason = readReason(body, fields);
  assertValid(fields);
  if (!to) throw new LinkNotFoundError();

  let moved: Approval;
  try {
    moved = await moveApproval(deps, visitId, approvalId, to, {
      reason,
      by: actor.email,
      byName: actor.name,
    });
  } catch (e) {
    throw lostRace(e);
  }
  await notice(deps, 'reassignedAway', visit, [approval.person], {
    comment: reason,
    byName: actor.name,
    toName: to.name,
    approvalId,
  });
  return moved;
}
