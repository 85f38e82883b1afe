/**
 * The directory's starting data (seed-agencies.json, seed-users.json): the seed agencies with their real history —
 * each date with its source, UNCONFIRMED where none confirmed it — the successions between them, and the users.
 * The local runtime writes it into an empty directory at start; an operator seeds a new stack with it; tests and
 * previews read an agency's version on a date from it.
 */
import type { AgencyVersion } from '#domain/agencies.ts';
import type { Clock } from '#domain/clock.ts';
import type { DirectoryStore, UserPool } from '#domain/ports.ts';
import agencies from './seed-agencies.json' with { type: 'json' };
import users from './seed-users.json' with { type: 'json' };
import { isRole, type Role } from './users.ts';
import { type AgencyRecord, versionOn } from './versions.ts';

/** A copy without the provenance keys (those starting with "_"): they document the data, and are not stored. */
function withoutProvenance<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutProvenance) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !k.startsWith('_'))
        .map(([k, v]) => [k, withoutProvenance(v)]),
    ) as T;
  return value;
}

const VERSIONS = withoutProvenance(agencies.agencies) as AgencyVersion[];

export interface SeedSuccession {
  from: string;
  to: string;
  effective: string;
}

export const SEED_SUCCESSIONS: readonly SeedSuccession[] = agencies.successions.map(
  ({ from, to, effective }) => ({
    from,
    to,
    effective,
  }),
);

/** The seed agencies as the directory keeps them, their admins left to the users who hold the role. */
export function seedAgencyRecords(): AgencyRecord[] {
  const ids = [...new Set(VERSIONS.map((v) => v.id))];
  return ids.map((id) => ({
    id,
    versions: VERSIONS.filter((v) => v.id === id),
    revision: 1,
    predecessors: SEED_SUCCESSIONS.filter((s) => s.to === id).map((s) => s.from),
    admins: [],
    substitutes: {},
  }));
}

export interface SeedUser {
  email: string;
  name: string;
  roles: Role[];
  agencyId: string;
}

export const SEED_USERS: readonly SeedUser[] = users.users.map((u) => {
  const roles = u.roles.filter(isRole);
  if (roles.length !== u.roles.length) throw new Error(`seed-users.json: ${u.email} has an unknown role`);
  return { ...u, email: u.email.toLowerCase(), roles };
});

/** A seed agency's version on `date` (its latest version when no date is given); throws for an unknown id. */
export function seedAgency(id: string, date?: string): AgencyVersion {
  const versions = VERSIONS.filter((v) => v.id === id);
  const version = date ? versionOn(versions, date) : versions.at(-1);
  if (!version) throw new Error(`no seed agency ${id}${date ? ` on ${date}` : ''}`);
  return version;
}

/**
 * Writes the seed into the directory, each piece only where it is absent (a second run changes nothing a person
 * changed since): the agencies and the index, then the users, each added to its agency's admins when it holds the
 * role, and to the user pool with its groups. Returns how many agencies and users were new.
 */
export async function seedDirectory(deps: {
  directory: DirectoryStore;
  userPool: UserPool;
  clock: Clock;
}): Promise<{ agencies: number; users: number }> {
  const agencies = await seedAgencies(deps.directory);
  const now = deps.clock.now().toISOString();
  // users are independent of each other: added side by side, each through its own steps in order
  const added = await Promise.all(
    SEED_USERS.map(async (u) => {
      if (!(await deps.directory.createUser({ ...u, disabled: false, createdAt: now, updatedAt: now })))
        return 0;
      if (u.roles.includes('admin')) await deps.directory.addAdmin(u.agencyId, u.email);
      await deps.userPool.createUser(u);
      await deps.userPool.setGroups(u.email, u.roles);
      return 1;
    }),
  );
  return { agencies, users: added.reduce((a: number, b) => a + b, 0) };
}

/** Writes the seed agencies where they are absent, and the index; returns how many were new. */
export async function seedAgencies(directory: DirectoryStore): Promise<number> {
  let added = 0;
  for (const record of seedAgencyRecords()) {
    if (await directory.createAgency(record)) added++;
    const stored = await directory.agency(record.id);
    if (stored) await directory.syncIndex(stored);
  }
  return added;
}
