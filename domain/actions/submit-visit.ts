/**
 * Submitting a visit request: validate it against the agencies in force today, store the visit (SUBMITTED) with the
 * names its agencies have today (its pages keep them), record the event, and start the execution named after the
 * visit. With an idempotency key the same submission again finds the visit its first attempt made.
 *
 * Exactly one request does the work of a submission: the one whose conditional create stored the visit. Another
 * request with the same key (a double click, a client's retry, even at the same moment) answers that visit and
 * does nothing, unless the visit has waited SUBMITTED longer than a request can live (`START_CLAIM_MS`): then its
 * request died before the execution was started, and the first caller to claim it (a conditional write) starts it
 * (`startStalled`). What finds such a visit when no client retries is `sweepStalled`, run on a schedule (every
 * few minutes on AWS; locally at start-up, when the clock moves and on the same schedule).
 */
import type { AgencyVersion } from '#domain/agencies.ts';
import { vietnamDate } from '#domain/clock.ts';
import { inForceOn } from '#domain/directory/versions.ts';
import { MalformedRequestError, ValidationError, VersionConflictError } from '#domain/errors.ts';
import { IDEMPOTENCY_KEY, keyedVisitId, newVisitId } from '#domain/ids.ts';
import { type Deps, type Identity, loadVisit, moveTo, SYSTEM } from '#domain/lifecycle.ts';
import { validateVisitRequest } from '#domain/schemas.ts';
import type { AgencyNames, Visit } from '#domain/visit.ts';

/**
 * How long the request that made a SUBMITTED visit may still be starting its execution: well beyond the longest a
 * submitting function runs (its timeout is 10 seconds). A SUBMITTED visit not changed for longer has no request
 * left working on it.
 */
export const START_CLAIM_MS = 60_000;

type SubmitDeps = Pick<Deps, 'store' | 'workflow' | 'clock'>;

export async function submitVisit(
  deps: SubmitDeps & Pick<Deps, 'directory'>,
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
    if (earlier) return again(deps, earlier, user);
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
  // the conditional create is the claim: only the request that stored the visit goes on
  if (!(await deps.store.createVisit(visit))) return again(deps, await loadVisit(deps.store, id), user);
  await deps.store.appendEvent(visit.id, { type: 'SUBMITTED', actor: user.email, at: now.toISOString() });
  await start(deps, visit, now);
  return visit;
}

/** A submission made already: its visit, started here only when the request that made it has died. */
async function again(deps: SubmitDeps, earlier: Visit, user: Identity): Promise<Visit> {
  if (earlier.owner.email !== user.email) throw new VersionConflictError();
  return (await startStalled(deps, earlier)) ?? earlier;
}

/**
 * Starts the execution of a SUBMITTED visit whose submitting request died before starting it: one not changed for
 * `START_CLAIM_MS`. The caller claims it by moving its `updatedAt` on (a conditional write: of concurrent callers
 * exactly one wins), records SUBMITTED if the first attempt did not, and starts the execution (a start is
 * idempotent by name, so an execution that does exist is left as it is). Answers the visit as claimed, or
 * undefined when there was nothing to do or another caller claimed it.
 */
export async function startStalled(deps: SubmitDeps, visit: Visit): Promise<Visit | undefined> {
  const now = deps.clock.now();
  if (visit.status !== 'SUBMITTED') return undefined;
  if (now.getTime() - Date.parse(visit.updatedAt) < START_CLAIM_MS) return undefined;
  let claimed: Visit;
  try {
    claimed = await deps.store.updateVisit(visit.id, visit.version, { updatedAt: now.toISOString() });
  } catch (e) {
    if (e instanceof VersionConflictError) return undefined;
    throw e;
  }
  const events = await deps.store.listEvents(visit.id);
  if (!events.some((e) => e.type === 'SUBMITTED'))
    await deps.store.appendEvent(visit.id, {
      type: 'SUBMITTED',
      actor: visit.owner.email,
      at: visit.createdAt,
    });
  await start(deps, claimed, now);
  return claimed;
}

/** Starts the visit's execution; a start refused leaves the visit FAILED with the reason, and throws. */
async function start(deps: SubmitDeps, visit: Visit, now: Date): Promise<void> {
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
}

/**
 * Starts the execution of every visit left SUBMITTED longer than a request lives (its submitting request died
 * between storing it and starting it): read from the SUBMITTED status index, oldest change below the cutoff,
 * each claimed by `startStalled`. Answers the ids it started; throws once all were tried if any failed.
 */
export async function sweepStalled(deps: SubmitDeps): Promise<string[]> {
  const cutoff = new Date(deps.clock.now().getTime() - START_CLAIM_MS).toISOString();
  const started: string[] = [];
  const failures: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listVisitsByStatus('SUBMITTED', {
      updatedBefore: cutoff,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const visit of page.items) {
      // one visit that fails must not keep the others from their start; the failures are thrown at the end
      try {
        const claimed = await startStalled(deps, visit);
        if (claimed) started.push(claimed.id);
      } catch (e) {
        failures.push(e);
      }
    }
    cursor = page.cursor;
  } while (cursor);
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} stalled visit(s) not started`);
  return started;
}

function namesOf(v: AgencyVersion): AgencyNames {
  return { id: v.id, name: v.name, nameEn: v.nameEn, province: v.province };
}
