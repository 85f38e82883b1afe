/**
 * Submitting a visit request: validate it against the agencies in force today, store the visit (SUBMITTED) with the
 * names its agencies have today (its pages keep them), record the event, and start the execution named after the
 * visit. With an idempotency key the same submission again finds the visit its first attempt made.
 */
import type { AgencyVersion } from '#domain/agencies.ts';
import { vietnamDate } from '#domain/clock.ts';
import { inForceOn } from '#domain/directory/versions.ts';
import { MalformedRequestError, ValidationError, VersionConflictError } from '#domain/errors.ts';
import { IDEMPOTENCY_KEY, keyedVisitId, newVisitId } from '#domain/ids.ts';
import { type Deps, type Identity, moveTo, SYSTEM } from '#domain/lifecycle.ts';
import { validateVisitRequest } from '#domain/schemas.ts';
import type { AgencyNames, Visit } from '#domain/visit.ts';

export async function submitVisit(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock' | 'directory'>,
  input: unknown,
  user: Identity,
  idempotencyKey?: string,
): Promise<Visit> {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
    throw new MalformedRequestError({
      vi: 'Khóa chống gửi trùng không hợp lệ (8–100 ký tự chữ, số, - hoặc _)',
      en: 'The idempotency key is not valid (8–100 letters, digits, - or _)',
    });
  const inForce = inForceOn(await deps.directory.agencies(), vietnamDate(deps.clock.now()));
  const request = validateVisitRequest(input, deps.clock, (id) => inForce.has(id));
  if (request.visitingAgencyId !== user.agencyId)
    throw new ValidationError({
      visitingAgencyId: { vi: 'phải là cơ quan của bạn', en: 'must be your own agency' },
    });
  const now = deps.clock.now();
  const id = idempotencyKey ? keyedVisitId(now, user.email, idempotencyKey) : newVisitId(now);
  if (idempotencyKey) {
    // the same submission again (a double click, a client's retry): the visit its first attempt made
    const earlier = await deps.store.getVisit(id);
    if (earlier) {
      if (earlier.owner.email !== user.email) throw new VersionConflictError();
      if (earlier.status === 'SUBMITTED') await deps.workflow.start(earlier.id, { visitId: earlier.id });
      return earlier;
    }
  }
  const visit: Visit = {
    id,
    status: 'SUBMITTED',
    version: 1,
    request,
    agencies: {
      host: namesOf(inForce.get(request.hostAgencyId) as AgencyVersion),
      visiting: namesOf(inForce.get(request.visitingAgencyId) as AgencyVersion),
    },
    owner: { email: user.email, name: user.name, agencyId: user.agencyId },
    agendaVersion: 0,
    minutesVersion: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.createVisit(visit);
  await deps.store.appendEvent(visit.id, { type: 'SUBMITTED', actor: user.email, at: now.toISOString() });
  try {
    await deps.workflow.start(visit.id, { visitId: visit.id });
  } catch (e) {
    await moveTo(deps.store, visit, 'FAILED', { failureReason: 'The workflow could not be started' }, now);
    await deps.store.appendEvent(visit.id, {
      type: 'FAILED',
      actor: SYSTEM,
      data: { reason: 'workflow start' },
    });
    throw e;
  }
  return visit;
}

function namesOf(v: AgencyVersion): AgencyNames {
  return { id: v.id, name: v.name, nameEn: v.nameEn, province: v.province };
}
