/**
 * An admin of an agency sets an out-of-office substitute: while the person is away, new agenda-approval links go to
 * the substitute (steps/waiting.ts reads the substitution at step time), and the person's open agenda approvals of
 * the agency's visits move to the substitute at once when the absence has begun (one that begins later moves them
 * at their next reminder). A chair's sign-off of minutes is never substituted. Setting the same substitution again
 * (a retry) changes nothing and completes the moves.
 */
import { vietnamDate } from '#domain/clock.ts';
import { loadAgency } from '#domain/directory/agency-admin.ts';
import { type Substitute, validateSubstitute } from '#domain/directory/substitutes.ts';
import type { Identity } from '#domain/directory/users.ts';
import { currentVersion } from '#domain/directory/versions.ts';
import {
  DirectoryNotFoundError,
  DomainError,
  ForbiddenError,
  SubstituteNotFoundError,
} from '#domain/errors.ts';
import { substituteId } from '#domain/ids.ts';
import { agenciesOf } from '#domain/lifecycle.ts';
import type { DirectoryStore } from '#domain/ports.ts';
import { type MoveDeps, moveApproval } from './move-approval.ts';

export type SubstituteDeps = Omit<MoveDeps, 'directory'> & { directory: DirectoryStore };

function mayAdminister(actor: Identity, agencyId: string): boolean {
  return (
    actor.roles.includes('directory-admin') || (actor.roles.includes('admin') && actor.agencyId === agencyId)
  );
}

/** Sets a substitution and moves what it moves now; returns it with the approvals it moved. */
export async function setSubstitute(
  deps: SubstituteDeps,
  actor: Identity,
  agencyId: string,
  body: Record<string, unknown>,
): Promise<{ substitute: Substitute; moved: string[] }> {
  const record = await loadAgency(deps.directory, agencyId);
  if (!mayAdminister(actor, agencyId)) throw new ForbiddenError();
  const now = deps.clock.now();
  const today = vietnamDate(now);
  const agency = currentVersion(record.versions, today);
  if (!agency) throw new DirectoryNotFoundError();
  const valid = validateSubstitute(body, agency, await deps.directory.users(agencyId), today);
  const id = substituteId(valid.absentEmail, valid.substitute.email, valid.from, valid.to);
  const substitute: Substitute = { id, ...valid, createdBy: actor.email, createdAt: now.toISOString() };
  await deps.directory.putSubstitute(agencyId, substitute);
  const moved = valid.from <= today ? await moveOpenApprovals(deps, agencyId, substitute) : [];
  return { substitute, moved };
}

/**
 * Moves the absent person's open agenda approvals of visits the agency hosts to the substitute; an approval decided
 * or being decided meanwhile stays where it is. Returns the ids of the new approvals.
 */
async function moveOpenApprovals(deps: SubstituteDeps, agencyId: string, s: Substitute): Promise<string[]> {
  const open = (await deps.store.listOpenApprovalsOf(s.absentEmail)).filter(
    (a) => a.kind === 'agenda' && a.status === 'PENDING',
  );
  const moved: string[] = [];
  for (const approval of open) {
    const visit = await deps.store.getVisit(approval.visitId);
    if (!visit) continue;
    const { host } = await agenciesOf(deps, visit, deps.clock.now());
    if (host.id !== agencyId) continue;
    try {
      const to = await moveApproval(deps, visit.id, approval.id, s.substitute, {
        reason: s.reason,
        by: s.createdBy,
      });
      moved.push(to.id);
    } catch (e) {
      // decided, claimed or expired since it was listed: nothing to move
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
    }
  }
  return moved;
}

/** Ends a substitution early (the agency's admins, any directory-admin); 404 for an unknown one. */
export async function endSubstitute(
  deps: Pick<SubstituteDeps, 'directory' | 'clock'>,
  actor: Identity,
  agencyId: string,
  id: string,
): Promise<void> {
  await loadAgency(deps.directory, agencyId);
  if (!mayAdminister(actor, agencyId)) throw new ForbiddenError();
  if (!(await deps.directory.endSubstitute(agencyId, id, deps.clock.now().toISOString())))
    throw new SubstituteNotFoundError();
}
