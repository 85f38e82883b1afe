/**
 * The directory in memory for the domain's unit tests, keeping the DynamoDB adapter's contract: conditional
 * creates, the revision check, the admins list that never drops its last member, the index that only moves
 * forward; seeded with the organisation's starting data unless told otherwise. Copied in and out.
 */

import { type CalendarYear, shippedYear } from '#domain/directory/calendar.ts';
import { SEED_USERS, seedAgencyRecords } from '#domain/directory/seed.ts';
import { type DirectoryUser, emailKey } from '#domain/directory/users.ts';
import type { AgencyIndexEntry, AgencyRecord } from '#domain/directory/versions.ts';
import type { BouncedAddress, BouncedAddresses, DirectoryStore } from '#domain/ports.ts';

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export interface MemoryDirectory extends DirectoryStore, BouncedAddresses {
  /** every call by method name, in order */
  readonly calls: string[];
  /** the bounce marks, by lowercase address */
  readonly bounced: ReadonlyMap<string, BouncedAddress>;
}

export function memoryDirectory(opts: { seed?: boolean; now?: string } = {}): MemoryDirectory {
  const agencies = new Map<string, AgencyRecord>();
  const index = new Map<string, AgencyIndexEntry>();
  const users = new Map<string, DirectoryUser>();
  const calendars = new Map<number, CalendarYear>();
  const bounced = new Map<string, BouncedAddress>();
  const calls: string[] = [];
  if (opts.seed !== false) {
    const now = opts.now ?? '2025-01-01T00:00:00.000Z';
    for (const r of seedAgencyRecords()) {
      const admins = SEED_USERS.filter((u) => u.agencyId === r.id && u.roles.includes('admin')).map(
        (u) => u.email,
      );
      agencies.set(r.id, { ...r, admins });
      index.set(r.id, { id: r.id, revision: r.revision, versions: r.versions, predecessors: r.predecessors });
    }
    for (const u of SEED_USERS) users.set(u.email, { ...u, disabled: false, createdAt: now, updatedAt: now });
  }
  const store: DirectoryStore & BouncedAddresses = {
    async agency(id) {
      return copy(agencies.get(id));
    },
    async agencies() {
      return copy([...index.values()].sort((a, b) => a.id.localeCompare(b.id)));
    },
    async user(email) {
      return copy(users.get(emailKey(email)));
    },
    async users(agencyId) {
      return copy([...users.values()].filter((u) => u.agencyId === agencyId));
    },
    async calendarYear(year) {
      return copy(calendars.get(year)) ?? shippedYear(year);
    },
    async createAgency(record) {
      if (agencies.has(record.id)) return false;
      agencies.set(record.id, copy(record));
      return true;
    },
    async putVersions(id, expected, versions) {
      const r = agencies.get(id);
      if (!r || r.revision !== expected) return undefined;
      const next = { ...r, versions: copy(versions), revision: r.revision + 1 };
      agencies.set(id, next);
      return copy(next);
    },
    async addPredecessor(id, predecessorId) {
      const r = agencies.get(id);
      if (!r || r.predecessors.includes(predecessorId)) return;
      agencies.set(id, { ...r, predecessors: [...r.predecessors, predecessorId], revision: r.revision + 1 });
    },
    async syncIndex(entry) {
      const held = index.get(entry.id);
      if (held && held.revision >= entry.revision) return;
      const { id, revision, versions, predecessors } = copy(entry);
      index.set(entry.id, { id, revision, versions, predecessors });
    },
    async createUser(user) {
      const key = emailKey(user.email);
      if (users.has(key)) return false;
      users.set(key, copy({ ...user, email: key }));
      return true;
    },
    async updateUser(email, patch) {
      const u = users.get(emailKey(email));
      if (!u) return undefined;
      const next = { ...u, ...copy(patch) };
      users.set(u.email, next);
      return copy(next);
    },
    async addAdmin(agencyId, email) {
      const r = agencies.get(agencyId);
      if (r && !r.admins.includes(emailKey(email))) r.admins = [...r.admins, emailKey(email)].sort();
    },
    async removeAdmin(agencyId, email) {
      const r = agencies.get(agencyId);
      if (!r?.admins.includes(emailKey(email))) return true;
      if (r.admins.length <= 1) return false;
      r.admins = r.admins.filter((a) => a !== emailKey(email));
      return true;
    },
    async putSubstitute(agencyId, s) {
      const r = agencies.get(agencyId);
      if (r && !r.substitutes[s.id]) r.substitutes = { ...r.substitutes, [s.id]: copy(s) };
    },
    async endSubstitute(agencyId, id, at) {
      const s = agencies.get(agencyId)?.substitutes[id];
      if (!s) return false;
      s.endedAt ??= at;
      return true;
    },
    async putCalendarYear(year) {
      calendars.set(year.year, copy(year));
    },
    async mark(mark) {
      bounced.set(mark.address.toLowerCase(), mark);
      await store.updateUser(mark.address, { bouncedAt: mark.at });
    },
  };
  const recorded = Object.fromEntries(
    Object.entries(store).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as DirectoryStore & BouncedAddresses;
  return Object.assign(recorded, { calls, bounced });
}
