/**
 * The host secretary's minutes, through the signed-in form: validated against the visit (an action's owner with
 * mail must be a person of either agency), stored on it and handed to the waiting execution, which drafts them for
 * the chair's sign-off.
 */
import { NotAwaitingError, ValidationError } from '#domain/errors.ts';
import { agenciesOf, type Deps, type Identity, loadVisit } from '#domain/lifecycle.ts';
import { unknownOwners, validateMinutes } from '#domain/schemas.ts';
import type { Visit } from '#domain/visit.ts';
import { settleApproval } from './settle-approval.ts';

const notAwaiting = () =>
  new NotAwaitingError({
    vi: 'Chuyến công tác không ở bước chờ biên bản',
    en: 'This visit is not awaiting minutes',
  });

export async function recordMinutes(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock' | 'directory' | 'people'>,
  visitId: string,
  input: unknown,
  user: Identity,
): Promise<Visit> {
  const visit = await loadVisit(deps.store, visitId);
  if (visit.status !== 'AWAITING_MINUTES') throw notAwaiting();
  const { host } = await agenciesOf(deps, visit, deps.clock.now());
  const minutes = validateMinutes(input, visit, deps.clock, host);
  const owners = await unknownOwners(minutes, visit, deps.people);
  if (Object.keys(owners).length > 0) throw new ValidationError(owners);
  const pending = (await deps.store.listApprovals(visitId)).find(
    (a) => a.kind === 'minutesRecord' && (a.status === 'PENDING' || a.status === 'CLAIMED'),
  );
  if (!pending) throw notAwaiting();
  let stored = visit;
  await settleApproval(deps, pending, { decision: 'recorded', by: user.email }, async () => {
    stored = await deps.store.updateVisit(visit.id, visit.version, {
      minutes,
      updatedAt: deps.clock.now().toISOString(),
    });
  });
  return stored;
}
