/**
 * The organisation's routes on the local runtime, as the HTTP contract gives them: an agency's versions with
 * If-Match (428, 409, 422, 403 for what only a directory-admin changes), successions, provinces, users (grants an
 * admin may not make answer 403, the last admin stays, a disabled user's session stops at the next request, a new
 * user signs in at once and is in the user pool with its groups), and the working calendar.
 */
import { describe, expect, it } from 'vitest';
import { PEOPLE } from '#infra/local/seed-visit.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('directory');
const HOST = 'btgdvtu-da-nang';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };
type AgencyBody = {
  version: number;
  revision: number;
  name: string;
  approvalChain: unknown[];
  versions: unknown[];
};

async function agency(as: string = PEOPLE.hostAdmin) {
  return local.client.request<AgencyBody>('GET', `/directory/agencies/${HOST}`, { as });
}

async function tomorrow(): Promise<string> {
  const now = await local.client.clock({ advanceDays: 0 });
  return new Date(Date.parse(now) + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
}

describe('an agency as versions', () => {
  it('GET answers the current version with its history and the revision as ETag', async () => {
    const res = await agency(PEOPLE.requester);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${res.body.revision}"`);
    expect(res.body).toMatchObject({ name: 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng', kind: 'party' });
  });

  it('a new version needs If-Match: 428 without it, 409 when stale, 200 with a new ETag', async () => {
    const validFrom = await tomorrow();
    const body = { validFrom, headTitle: 'Trưởng Ban' };
    const put = (ifMatch?: string) =>
      local.client.request<{ version: number; revision: number } & ErrorBody>(
        'PUT',
        `/directory/agencies/${HOST}`,
        {
          as: PEOPLE.hostAdmin,
          body,
          ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
        },
      );
    const before = await agency();

    expect((await put()).status).toBe(428);
    expect((await put('"999"')).status).toBe(409);
    const ok = await put(`"${before.body.revision}"`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe(`"${before.body.revision + 1}"`);
    // the same change sent again (a retry) answers as it did
    expect((await put(`${before.body.revision}`)).status).toBe(200);
    const after = await agency();
    expect(after.body.versions.length).toBe(before.body.versions.length + 1);
  });

  it("an admin may not change the agency's code (403); a chain naming an approver twice is 422 naming the field", async () => {
    const { body, headers } = await agency();
    const etag = headers.get('etag') ?? '';
    const validFrom = await tomorrow();
    const code = await local.client.request('PUT', `/directory/agencies/${HOST}`, {
      as: PEOPLE.hostAdmin,
      body: { validFrom, code: 'KHAC' },
      headers: { 'if-match': etag },
    });
    expect(code.status).toBe(403);
    const first = (body.approvalChain as { approver: unknown }[])[0];
    const twice = await local.client.request<ErrorBody>('PUT', `/directory/agencies/${HOST}`, {
      as: PEOPLE.hostAdmin,
      body: { validFrom, approvalChain: [first, first] },
      headers: { 'if-match': etag },
    });
    expect(twice.status).toBe(422);
    expect(twice.body.error.fields?.['approvalChain[1].approver.email']).toMatch(
      /Email người phê duyệt bước 2/,
    );
  });

  it('only a directory-admin records a succession; a successor that does not exist is 422', async () => {
    const path = '/directory/agencies/snv-nghe-an/successor';
    const body = { successorId: 'nowhere', effective: await tomorrow() };
    expect((await local.client.request('POST', path, { as: PEOPLE.hostAdmin, body })).status).toBe(403);
    const bad = await local.client.request<ErrorBody>('POST', path, { as: PEOPLE.directoryAdmin, body });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields ?? {})).toEqual(['successorId']);
  });

  it('GET /directory/agencies?asOf= answers the versions valid on that date: the 2024 names in 2024', async () => {
    const res = await local.client.request<{ id: string; name: string }[]>(
      'GET',
      '/directory/agencies?asOf=2024-08-24',
      { as: PEOPLE.requester },
    );
    expect(res.body.map((a) => a.name)).toContain('Ban Tuyên giáo Tỉnh ủy Quảng Nam');
    expect(res.body.map((a) => a.id)).not.toContain(HOST);
  });
});

describe('provinces', () => {
  it('63 before 1 July 2025, 34 from then, Quảng Nam naming its successor', async () => {
    const before = await local.client.request<{ name: string; successorCode?: string }[]>(
      'GET',
      '/directory/provinces?asOf=2025-06-30',
      { as: PEOPLE.requester },
    );
    const after = await local.client.request<unknown[]>('GET', '/directory/provinces?asOf=2025-07-01', {
      as: PEOPLE.requester,
    });
    expect(before.body).toHaveLength(63);
    expect(after.body).toHaveLength(34);
    expect(before.body.find((p) => p.name === 'Quảng Nam')).toMatchObject({ successorCode: '48' });
  });
});

describe('users', () => {
  it('an admin adds a user to its own agency: they sign in at once, and the user pool has them with their groups', async () => {
    const email = 'moi.nv@btgdvtu.danang.example';
    const res = await local.client.request('POST', '/directory/users', {
      as: PEOPLE.hostAdmin,
      body: { email, name: 'Nguyễn Văn Mới', roles: ['staff', 'secretary'], agencyId: HOST },
    });
    expect(res.status).toBe(201);
    const users = await local.client.request<{ email: string }[]>('GET', '/local/users');
    expect(users.body.map((u) => u.email)).toContain(email);
    expect((await local.client.request('GET', '/', { as: email })).status).toBe(200);
    expect(local.runtime.cognito.invitations.some((m) => m.to === email)).toBe(true);
    const again = await local.client.request('POST', '/directory/users', {
      as: PEOPLE.hostAdmin,
      body: { email, name: 'Người khác', roles: ['staff'], agencyId: HOST },
    });
    expect(again.status).toBe(409);
  });

  it('an admin may not grant directory-admin, nor add to another agency: 403', async () => {
    const grant = (body: Record<string, unknown>) =>
      local.client.request('POST', '/directory/users', { as: PEOPLE.hostAdmin, body });
    expect(
      (await grant({ email: 'x1@x.example', name: 'X', roles: ['directory-admin'], agencyId: HOST })).status,
    ).toBe(403);
    expect(
      (await grant({ email: 'x2@x.example', name: 'X', roles: ['staff'], agencyId: 'snv-nghe-an' })).status,
    ).toBe(403);
  });

  it("removing an agency's last admin is 422 naming the field", async () => {
    const res = await local.client.request<ErrorBody>(
      'PATCH',
      `/directory/users/${encodeURIComponent(PEOPLE.hostAdmin)}`,
      { as: PEOPLE.directoryAdmin, body: { roles: ['staff'] } },
    );
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields ?? {})).toEqual(['roles']);
  });

  it("a disabled user's session stops working at the very next request", async () => {
    const who = PEOPLE.hostStaff;
    expect((await local.client.request('GET', '/', { as: who })).status).toBe(200);
    const off = await local.client.request('PATCH', `/directory/users/${encodeURIComponent(who)}`, {
      as: PEOPLE.hostAdmin,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    expect((await local.client.request('GET', '/', { as: who })).status).toBe(401);
    await local.client.request('PATCH', `/directory/users/${encodeURIComponent(who)}`, {
      as: PEOPLE.hostAdmin,
      body: { disabled: false },
    });
    expect((await local.client.request('GET', '/', { as: who })).status).toBe(200);
  });
});

describe('the working calendar', () => {
  it('is shipped for the current and next years; a directory-admin sets a year, checked date by date', async () => {
    const shipped = await local.client.request<{ holidays: string[] }>(
      'GET',
      '/directory/calendar?year=2026',
      {
        as: PEOPLE.requester,
      },
    );
    expect(shipped.body.holidays).toContain('2026-02-17');
    const put = (as: string, body: unknown) =>
      local.client.request<ErrorBody>('PUT', '/directory/calendar/2028', { as, body });
    expect((await put(PEOPLE.hostAdmin, { holidays: [] })).status).toBe(403);
    const bad = await put(PEOPLE.directoryAdmin, { holidays: ['2028-13-01'] });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields ?? {})).toEqual(['holidays']);
    expect((await put(PEOPLE.directoryAdmin, { holidays: ['2028-01-01'], workdays: [] })).status).toBe(200);
    const read = await local.client.request<{ holidays: string[] }>('GET', '/directory/calendar?year=2028', {
      as: PEOPLE.requester,
    });
    expect(read.body.holidays).toEqual(['2028-01-01']);
  });
});

describe('the pages', () => {
  const page = (path: string, as: string, form?: Record<string, string>) =>
    local.client.request<string>(form ? 'POST' : 'GET', path, {
      as,
      headers: { accept: 'text/html' },
      ...(form ? { form } : {}),
    });

  it("an agency's page is its admins': the history, the substitutes and the new-version form; staff get 403", async () => {
    const res = await page(`/directory/agencies/${HOST}`, PEOPLE.hostAdmin);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Các phiên bản');
    expect(res.body).toContain('name="absentEmail"');
    expect(res.body).toContain('name="approvalChain[0][approver][email]"');
    expect((await page(`/directory/agencies/${HOST}`, PEOPLE.hostStaff)).status).toBe(403);
  });

  it('a refused form is shown again with each reason beside its field and what was typed kept', async () => {
    const res = await page(`/directory/agencies/${HOST}/substitutes`, PEOPLE.hostAdmin, {
      absentEmail: PEOPLE.approver1,
      substituteEmail: 'stranger@elsewhere.example',
      from: '2026-01-01',
      to: '2020-01-01',
      reason: 'Nghỉ phép',
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain('Người thay thế: phải là người của cơ quan');
    expect(res.body).toContain('value="stranger@elsewhere.example"');
  });

  it("an agency's users page lists them with the roles the admin may grant, in English on request", async () => {
    const res = await page(`/directory/users?agencyId=${HOST}&lang=en`, PEOPLE.hostAdmin);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain(PEOPLE.secretary);
    expect(res.body).toContain('value="admin"');
    expect(res.body).not.toContain('value="directory-admin"');
  });
});
