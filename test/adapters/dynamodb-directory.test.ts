/**
 * The directory on DynamoDB (the emulator, over the real SDK): the agency record's conditional writes and the index
 * that only moves forward, the admins list that keeps its last member, substitutes by id, users per agency, the
 * calendar falling back to the shipped years, and a request's one read.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDirectory, directoryForRequest } from '#adapters/dynamodb-directory.ts';
import { seedAgencyRecords } from '#domain/directory/seed.ts';
import type { AgencyRecord } from '#domain/directory/versions.ts';
import type { BouncedAddresses, DirectoryStore } from '#domain/ports.ts';
import { countingClient } from '../support/dynamo-requests.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
let directory: DirectoryStore & BouncedAddresses;

beforeAll(() => {
  directory = createDirectory(env.doc, env.tableName);
});

const anAgency = (): AgencyRecord => {
  const seed = seedAgencyRecords().find((r) => r.id === 'btgdvtu-da-nang') as AgencyRecord;
  const id = `test-${randomUUID().slice(0, 8)}`;
  return { ...seed, id, versions: seed.versions.map((v) => ({ ...v, id })), predecessors: [] };
};

const aUser = (agencyId: string, roles: ('staff' | 'admin')[] = ['staff']) => ({
  email: `${randomUUID().slice(0, 8)}@x.example`,
  name: 'Người Dùng',
  roles,
  agencyId,
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('agencies', () => {
  it('a new agency is created once; its versions change only from the revision they were read at', async () => {
    const record = anAgency();
    expect(await directory.createAgency(record)).toBe(true);
    expect(await directory.createAgency(record)).toBe(false);

    const changed = record.versions.map((v) => ({ ...v, headTitle: 'Trưởng Ban' }));
    const next = await directory.putVersions(record.id, 1, changed);
    const stale = await directory.putVersions(record.id, 1, record.versions);

    expect(next).toMatchObject({ revision: 2, versions: [{ headTitle: 'Trưởng Ban' }] });
    expect(stale).toBeUndefined();
    expect((await directory.agency(record.id))?.revision).toBe(2);
  });

  it('the index takes a revision only forward, so a late writer never puts back an older one', async () => {
    const record = anAgency();
    await directory.createAgency(record);
    const newer = await directory.putVersions(
      record.id,
      1,
      record.versions.map((v) => ({ ...v, code: 'NEW' })),
    );
    if (!newer) throw new Error('the change did not go through');

    await directory.syncIndex(newer);
    await directory.syncIndex(record);

    const entry = (await directory.agencies()).find((e) => e.id === record.id);
    expect(entry).toMatchObject({ revision: 2, versions: [{ code: 'NEW' }] });
  });

  it("an agency's admins: added once each, and the last one is never removed", async () => {
    const record = anAgency();
    await directory.createAgency(record);
    await directory.addAdmin(record.id, 'A@x.example');
    await directory.addAdmin(record.id, 'a@x.example');
    await directory.addAdmin(record.id, 'b@x.example');

    expect(await directory.removeAdmin(record.id, 'a@x.example')).toBe(true);
    expect(await directory.removeAdmin(record.id, 'b@x.example')).toBe(false);
    expect(await directory.removeAdmin(record.id, 'never@x.example')).toBe(true);
    expect((await directory.agency(record.id))?.admins).toEqual(['b@x.example']);
  });

  it('substitutes are kept by id: set once, ended once, an unknown one not found', async () => {
    const record = anAgency();
    await directory.createAgency(record);
    const s = {
      id: 'sub1',
      absentEmail: 'bao.tq@btgdvtu.danang.example',
      substitute: { name: 'X', position: '', email: 'x@x.example' },
      from: '2026-01-01',
      to: '2026-01-31',
      reason: 'Nghỉ phép',
      createdBy: 'admin@x.example',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await directory.putSubstitute(record.id, s);
    await directory.putSubstitute(record.id, { ...s, reason: 'changed' });

    expect(await directory.endSubstitute(record.id, 'sub1', '2026-01-10T00:00:00.000Z')).toBe(true);
    expect(await directory.endSubstitute(record.id, 'sub1', '2026-01-11T00:00:00.000Z')).toBe(true);
    expect(await directory.endSubstitute(record.id, 'nope', '2026-01-10T00:00:00.000Z')).toBe(false);
    expect((await directory.agency(record.id))?.substitutes.sub1).toMatchObject({
      reason: 'Nghỉ phép',
      endedAt: '2026-01-10T00:00:00.000Z',
    });
  });
});

describe('users', () => {
  it('a user per address, listed with the agency, changed in place; a bounce is marked on the user', async () => {
    const agencyId = `test-${randomUUID().slice(0, 8)}`;
    const u = aUser(agencyId);
    expect(await directory.createUser(u)).toBe(true);
    expect(await directory.createUser({ ...u, name: 'other' })).toBe(false);
    await directory.createUser(aUser(agencyId));
    await directory.updateUser(u.email, { roles: ['staff', 'admin'], disabled: true });
    await directory.mark({
      address: u.email,
      reason: 'bounce',
      detail: 'Permanent/General',
      at: '2026-02-01T00:00:00.000Z',
    });

    const listed = await directory.users(agencyId);
    expect(listed).toHaveLength(2);
    expect(await directory.user(u.email.toUpperCase())).toMatchObject({
      roles: ['staff', 'admin'],
      disabled: true,
      bouncedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(await directory.updateUser('nobody@x.example', { disabled: true })).toBeUndefined();
  });
});

describe('the working calendar', () => {
  it('a year a directory-admin gave is read as given; another falls back to the shipped one, or to none', async () => {
    await directory.putCalendarYear({ year: 2031, holidays: ['2031-01-01'], workdays: [] });
    expect(await directory.calendarYear(2031)).toMatchObject({ holidays: ['2031-01-01'] });
    expect((await directory.calendarYear(2026))?.holidays).toContain('2026-02-17');
    expect(await directory.calendarYear(2040)).toBeUndefined();
  });
});

describe("a request's view", () => {
  it("reads the user, the index and the route's agencies in one request, then answers from it", async () => {
    const record = anAgency();
    await directory.createAgency(record);
    await directory.syncIndex(record);
    const u = aUser(record.id);
    await directory.createUser(u);

    const counting = countingClient();
    const view = await directoryForRequest(counting.doc, env.tableName, u.email, {
      index: true,
      agencies: [record.id],
    });
    expect(await view.user(u.email)).toMatchObject({ name: u.name });
    expect(await view.agency(record.id)).toMatchObject({ id: record.id });
    expect((await view.agencies()).some((e) => e.id === record.id)).toBe(true);
    counting.destroy();

    expect(counting.operations).toEqual(['BatchGetItem']);
  });
});
