/**
 * The requester's revised request, through the revision link: validated like a new request (the two agencies
 * cannot change), stored on the visit and handed to the waiting execution, which drafts the agenda again.
 */
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import { type Deps, loadVisit } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import { validateVisitRequest } from '#domain/schemas.ts';
import type { Visit, VisitRequest } from '#domain/visit.ts';
import { settleApproval } from './settle-approval.ts';

export async function reviseVisit(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  input: unknown,
): Promise<Visit> {
  const visit = await loadVisit(deps.store, approval.visitId);
  // the two agencies are the visit's, whatever happened to them since it was submitted: any other is refused below;
  // the bound on the start counts from the visit's request: its execution started then
  const request: VisitRequest = validateVisitRequest(input, deps.clock, () => true, {
    requestedAt: new Date(visit.createdAt),
  });
  const fields: FieldErrors = {};
  const unchangeable = { vi: 'không được thay đổi', en: 'cannot be changed' };
  if (request.hostAgencyId !== visit.request.hostAgencyId) fields.hostAgencyId = unchangeable;
  if (request.visitingAgencyId !== visit.request.visitingAgencyId) fields.visitingAgencyId = unchangeable;
  if (Object.keys(fields).length) throw new ValidationError(fields);
  let stored = visit;
  await settleApproval(deps, approval, { decision: 'revised', by: approval.person.email }, async () => {
    stored = await deps.store.updateVisit(visit.id, visit.version, {
      request,
      updatedAt: deps.clock.now().toISOString(),
    });
  });
  return stored;
}
