/**
 * A visit played from request to archive on the full local runtime, then read by an auditor: its record and whole
 * event trail, its downloads (each one an event, then a short-lived URL with a telling file name), and who may.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveRecord } from '#domain/archive/record.ts';
import type { Verification } from '#domain/archive/verify.ts';
import { Client } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { PEOPLE } from '../support/people.ts';
import { type Played, playToArchive } from '../support/play.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;
let played: Played;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-archive-record-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  played = await playToArchive(client);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function record(): Promise<ArchiveRecord> {
  const res = await client.request<ArchiveRecord>('GET', `/archive/${played.visitId}`, {
    as: PEOPLE.auditor,
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** The file name a presigned URL asks the browser to save as (RFC 5987 form). */
function savedAs(url: string): string {
  const disposition = new URL(url).searchParams.get('response-content-disposition') ?? '';
  return decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '');
}

describe('the archive record', () => {
  it('names the visit, both agencies, the dates, and each archived document with key, version, sha256, size, archived-at and retain-until', async () => {
    const r = await record();
    const visit = await client.visit(played.visitId, PEOPLE.requester);
    const drafted = visit.documents as { id: string; kind: string; version: number; sha256: string }[];

    expect(r).toMatchObject({
      visitId: played.visitId,
      title: 'Trao đổi kinh nghiệm thực hiện Nghị quyết 35 của Bộ Chính trị',
      hostAgency: {
        id: 'btgdvtu-da-nang',
        name: 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng',
        province: 'Đà Nẵng',
      },
      visitingAgency: {
        id: 'btgdvtu-thanh-hoa',
        name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa',
        province: 'Thanh Hóa',
      },
      startDate: played.startDate,
      endDate: played.startDate,
    });
    const retained = Date.parse(r.retainUntil ?? '') - Date.parse(r.archivedAt);
    expect(retained).toBe(3650 * 86_400_000);
    expect(r.documents.map((d) => `${d.kind} ${d.format}`).sort()).toEqual([
      'agenda docx',
      'agenda pdf',
      'minutes docx',
      'minutes pdf',
    ]);
    for (const d of r.documents) {
      const source = drafted.find((x) => x.id === d.id);
      expect(d).toMatchObject({
        key: `archive/${played.visitId}/${d.kind}-v${d.version}.${d.format}`,
        version: source?.version,
        sha256: source?.sha256,
        archivedAt: r.archivedAt,
        retainUntil: r.retainUntil,
        url: `/archive/${played.visitId}/documents/${d.id}/download`,
      });
      expect(d.size).toBeGreaterThan(1000);
    }
    expect(r.manifest).toMatchObject({ key: `archive/${played.visitId}/manifest.json`, kind: 'manifest' });
    expect(r.sha256).toBe(r.documents.find((d) => d.kind === 'minutes' && d.format === 'docx')?.sha256);
  });

  it('carries the whole event trail: who did what and when, each event linked to the one before by its hash', async () => {
    const { events } = await record();

    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const [i, e] of events.entries()) expect(e.prevHash).toBe(i === 0 ? '' : events[i - 1]?.hash);
    expect(events[0]).toMatchObject({ type: 'SUBMITTED', actor: PEOPLE.requester });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'AGENDA_DRAFTED',
        'DECIDED',
        'APPROVED',
        'MINUTES_DRAFTED',
        'MINUTES_APPROVED',
        'ARCHIVED',
      ]),
    );
    expect(events.filter((e) => e.type === 'DECIDED').map((e) => e.actor)).toEqual([
      PEOPLE.approver1,
      PEOPLE.approver2,
      PEOPLE.secretary, // the minutes recorded
      PEOPLE.chair,
    ]);
    expect(events.filter((e) => e.type === 'ARCHIVED')).toHaveLength(1);
  });

  it('reads as a page too', async () => {
    const r = await record();
    const res = await client.request<string>('GET', `/archive/${played.visitId}`, {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html', 'accept-language': 'en' },
    });

    expect(res.status).toBe(200);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa');
    for (const d of r.documents) {
      expect(res.body).toContain(d.key);
      expect(res.body).toContain(d.sha256);
      expect(res.body).toContain(`href="${d.url}"`);
    }
    expect(res.body.match(/<li id="event-\d+">/g)).toHaveLength(r.events.length);
    for (const e of r.events) expect(res.body).toContain(e.hash);
  });

  it('an unknown visit answers 404', async () => {
    const json = await client.request<{ error: { code: string } }>('GET', '/archive/no-such-visit', {
      as: PEOPLE.auditor,
    });
    const page = await client.request<string>('GET', '/archive/no-such-visit', {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html' },
    });

    expect(json.status).toBe(404);
    expect(json.body.error.code).toBe('NOT_ARCHIVED');
    expect(page.status).toBe(404);
    expect(page.body).toContain('Không có hồ sơ lưu trữ');
  });
});

describe('downloads', () => {
  const downloads = async () => (await record()).events.filter((e) => e.type === 'DOWNLOADED');

  it('the minutes: the download is recorded, then a URL valid at most 5 minutes serves the archived bytes under a telling name', async () => {
    const before = (await downloads()).length;
    const r = await record();
    const minutes = r.documents.find((d) => d.kind === 'minutes');

    const res = await client.request('GET', `/archive/${played.visitId}/download`, { as: PEOPLE.auditor });

    expect(res.status).toBe(302);
    const url = res.headers.get('location') ?? '';
    expect(Number(new URL(url).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(savedAs(url)).toBe(`BienBan-${minutes?.number?.replace('/', '-')}-v${minutes?.version}.docx`);
    expect(savedAs(url)).toMatch(/^BienBan-\d{2}-BB-BTGDVTU-v\d+\.docx$/);
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(minutes?.sha256);
    const logged = await downloads();
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)).toMatchObject({
      actor: PEOPLE.auditor,
      data: { documentId: minutes?.id, key: minutes?.key, sha256: minutes?.sha256, filename: savedAs(url) },
    });
  });

  it('each document by its id: the agenda and the manifest, each recorded', async () => {
    const r = await record();
    const agenda = r.documents.find((d) => d.kind === 'agenda');
    const before = (await downloads()).length;

    const a = await client.request('GET', `/archive/${played.visitId}/documents/${agenda?.id}/download`, {
      as: PEOPLE.auditor,
    });
    const m = await client.request('GET', `/archive/${played.visitId}/documents/manifest/download`, {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html' },
    });

    expect(a.status).toBe(302);
    expect(savedAs(a.headers.get('location') ?? '')).toMatch(/^ChuongTrinh-\d{2}-CTr-BTGDVTU-v\d+\.docx$/);
    expect(m.status).toBe(302);
    const manifest = (await (await fetch(m.headers.get('location') ?? '')).json()) as {
      visitId: string;
      documents: { sha256: string }[];
    };
    expect(manifest.visitId).toBe(played.visitId);
    expect(manifest.documents.map((d) => d.sha256).sort()).toEqual(r.documents.map((d) => d.sha256).sort());
    const logged = await downloads();
    expect(logged.slice(before).map((e) => e.data?.documentId)).toEqual([agenda?.id, 'manifest']);
  });

  it('an unknown document answers 404 and records nothing', async () => {
    const before = (await downloads()).length;

    const res = await client.request('GET', `/archive/${played.visitId}/documents/agenda-v99/download`, {
      as: PEOPLE.auditor,
    });

    expect(res.status).toBe(404);
    expect(await downloads()).toHaveLength(before);
  });

  it('concurrent downloads each leave their own event, and the chain still verifies', async () => {
    const before = (await downloads()).length;

    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.request('GET', `/archive/${played.visitId}/download`, { as: PEOPLE.auditor }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(302));
    expect(await downloads()).toHaveLength(before + 6);
    const verify = await client.request<Verification>('GET', `/archive/${played.visitId}/verify`, {
      as: PEOPLE.auditor,
    });
    expect(verify.body).toMatchObject({ intact: true, chain: 'ok', problems: [] });
    expect(verify.body.events.count).toBe((await record()).events.length);
  });
});

describe('who may', () => {
  const routes = () => [
    '/archive',
    `/archive?from=${played.startDate}`,
    `/archive/${played.visitId}`,
    `/archive/${played.visitId}/download`,
    `/archive/${played.visitId}/documents/minutes-v1/download`,
    `/archive/${played.visitId}/verify`,
  ];

  it('staff and secretaries get 403, as JSON and as a page, and their attempts download nothing', async () => {
    const before = (await record()).events.length;
    for (const path of routes()) {
      for (const who of [PEOPLE.requester, PEOPLE.secretary, PEOPLE.hostStaff, PEOPLE.outsider]) {
        const json = await client.request<{ error: { code: string } }>('GET', path, { as: who });
        expect(json.status, `${who} ${path}`).toBe(403);
        expect(json.body.error.code).toBe('FORBIDDEN');
        const page = await client.request('GET', path, { as: who, headers: { accept: 'text/html' } });
        expect(page.status, `${who} ${path}`).toBe(403);
      }
    }
    expect((await record()).events).toHaveLength(before);
  });

  it('without a session: 401 in the JSON error shape, or 303 to the renewal (then sign-in) for a browser', async () => {
    for (const path of routes()) {
      const json = await client.request<{ error: { code: string } }>('GET', path);
      expect(json.status, path).toBe(401);
      expect(json.body.error.code).toBe('UNAUTHENTICATED');
      const page = await client.request('GET', path, { headers: { accept: 'text/html' } });
      expect(page.status, path).toBe(303);
      expect(page.headers.get('location')).toBe(`/auth/renew?next=${encodeURIComponent(path)}`);
    }
  });
});
