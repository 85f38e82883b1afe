/**
 * GET /archive on the full local runtime: 120 archived visits seeded into the archive index (and one visit played
 * from request to archive) are searched by date, province and agency, page by page, as JSON and as HTML.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import type { ArchiveEntry } from '#domain/ports.ts';
import { Client } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { PEOPLE } from '../support/people.ts';
import { type Played, playToArchive } from '../support/play.ts';
import { archiveEntries, inProvince, involves, newestFirst } from './fixtures.ts';

interface SearchItem {
  visitId: string;
  title: string;
  hostAgency: string;
  visitingAgency: string;
  date: string;
  archivedAt: string;
  sha256: string;
}
interface SearchPage {
  items: SearchItem[];
  cursor?: string;
}
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

const YEAR = 2035;
let runtime: LocalRuntime;
let client: Client;
let dataDir: string;
let dynamodb: DynamoDBClient;
let played: Played;
/** the real 2024 visit, played in 2024 under the names of then */
let played2024: Played;
const entries: ArchiveEntry[] = archiveEntries(120, YEAR, 'seeded');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-archive-search-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  dynamodb = new DynamoDBClient({});
  const store = createVisitStore(
    DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    LOCAL_NAMES.table,
  );
  for (const e of entries) await store.putArchiveEntry(e);
  played = await playToArchive(client);
  played2024 = await playToArchive(client, { era: 2024 });
});

afterAll(async () => {
  dynamodb?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const search = (query: string, headers: Record<string, string> = {}) =>
  client.request<SearchPage>('GET', `/archive?${query}`, { as: PEOPLE.auditor, headers });

/** Follows the cursors to the end; every page but the last is full. */
async function readAll(query: string): Promise<{ items: SearchItem[]; pages: number[] }> {
  const items: SearchItem[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const res = await search(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    pages.push(res.body.items.length);
    cursor = res.body.cursor;
    if (pages.length > 50) throw new Error('paging does not end');
  } while (cursor);
  return { items, pages };
}

const ids = (list: { visitId: string }[]) => list.map((e) => e.visitId);

describe('searching the archive', () => {
  it('pages over 120 archived visits return each exactly once, newest first, and the last page has no cursor', async () => {
    const { items, pages } = await readAll(`from=${YEAR}-01-01&to=${YEAR}-12-31`);

    expect(ids(items)).toEqual(ids([...entries].sort(newestFirst)));
    expect(new Set(ids(items)).size).toBe(120);
    expect(pages).toEqual([20, 20, 20, 20, 20, 20]);
  });

  it('a page answers the fields of the contract', async () => {
    const res = await search(`from=${YEAR}-01-01&to=${YEAR}-01-01`);

    expect(res.body.items).toHaveLength(2);
    expect(res.body.cursor).toBeUndefined();
    expect(res.body.items[0]).toMatchObject({
      visitId: 'seeded-001',
      title: 'Trao đổi kinh nghiệm số 1',
      hostAgency: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
      visitingAgency: 'Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
      date: `${YEAR}-01-01`,
      archivedAt: `${YEAR}-01-01T10:00:00.000Z`,
      sha256: '1'.padStart(64, '0'),
    });
  });

  it('dates and a province combine: visits hosted or sent by the province, within the dates', async () => {
    const { items } = await readAll(
      `from=${YEAR}-02-01&to=${YEAR}-02-28&province=${encodeURIComponent('Nghệ An')}`,
    );
    const expected = entries
      .filter((e) => e.date >= `${YEAR}-02-01` && e.date <= `${YEAR}-02-28` && inProvince(e, 'Nghệ An'))
      .sort(newestFirst);

    expect(expected.length).toBeGreaterThan(20);
    expect(ids(items)).toEqual(ids(expected));
  });

  it('an agency finds the visits it hosted and the visits it sent', async () => {
    const { items } = await readAll(`agencyId=snv-nghe-an&from=${YEAR}-01-01`);

    expect(ids(items)).toEqual(ids(entries.filter((e) => involves(e, 'snv-nghe-an')).sort(newestFirst)));
  });

  it('an agency, a province and dates combine', async () => {
    const { items } = await readAll(
      `agencyId=btgtu-thanh-hoa&province=${encodeURIComponent('Quảng Nam')}&from=${YEAR}-01-10&to=${YEAR}-02-10`,
    );
    const expected = entries
      .filter(
        (e) =>
          involves(e, 'btgtu-thanh-hoa') &&
          inProvince(e, 'Quảng Nam') &&
          e.date >= `${YEAR}-01-10` &&
          e.date <= `${YEAR}-02-10`,
      )
      .sort(newestFirst);

    expect(expected.length).toBeGreaterThan(0);
    expect(ids(items)).toEqual(ids(expected));
  });

  it('a 2024 visit hosted in Quảng Nam is found by Đà Nẵng, its successor, by Quảng Nam, and by its host’s successor', async () => {
    const on = `from=${played2024.startDate}&to=${played2024.startDate}`;
    for (const q of [
      `${on}&province=${encodeURIComponent('Đà Nẵng')}`,
      `${on}&province=${encodeURIComponent('Quảng Nam')}`,
      `${on}&agencyId=btgdvtu-da-nang`,
    ]) {
      const res = await search(q);
      expect(ids(res.body.items), q).toEqual([played2024.visitId]);
      expect(res.body.items[0]?.hostAgency).toBe('Ban Tuyên giáo Tỉnh ủy Quảng Nam');
    }
    // the post-merger visit is Đà Nẵng's, not Quảng Nam's
    const quangNam = await search(`to=${played.startDate}&province=${encodeURIComponent('Quảng Nam')}`);
    expect(ids(quangNam.body.items)).not.toContain(played.visitId);
  });

  it('the visit played to the archive is found by its date and province, and by its agency (or its predecessor)', async () => {
    const byProvince = await search(
      `from=${played.startDate}&to=${played.startDate}&province=${encodeURIComponent('Đà Nẵng')}`,
    );
    const byAgency = await search(`agencyId=btgtu-thanh-hoa&to=${played.startDate}`);
    const elsewhere = await search(
      `from=${played.startDate}&to=${played.startDate}&province=${encodeURIComponent('Nghệ An')}`,
    );

    expect(ids(byProvince.body.items)).toEqual([played.visitId]);
    expect(ids(byAgency.body.items)[0]).toBe(played.visitId);
    expect(elsewhere.body.items).toEqual([]);
  });

  it('refuses what it cannot search, with 422 naming each field', async () => {
    const cases: [string, string[]][] = [
      ['from=2035-13-01', ['from']],
      ['from=2035-02-30', ['from']],
      ['to=24/13/2035', ['to']],
      ['from=2035-03-01&to=2035-02-01', ['to']],
      ['province=Atlantis', ['province']],
      ['agencyId=no-such-agency', ['agencyId']],
      ['from=x&province=Atlantis&agencyId=y', ['from', 'province', 'agencyId']],
    ];
    for (const [query, fields] of cases) {
      const res = await client.request<ErrorBody>('GET', `/archive?${query}`, { as: PEOPLE.auditor });
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(Object.keys(res.body.error.fields ?? {}).sort(), query).toEqual([...fields].sort());
    }
  });

  it('says why in Vietnamese by default and in English on request', async () => {
    const vi = await client.request<ErrorBody>('GET', '/archive?from=2035-03-01&to=2035-02-01', {
      as: PEOPLE.auditor,
    });
    const en = await client.request<ErrorBody>('GET', '/archive?from=2035-03-01&to=2035-02-01', {
      as: PEOPLE.auditor,
      headers: { 'accept-language': 'en' },
    });

    expect(vi.body.error.fields?.to).toMatch(/Đến ngày phải bằng hoặc sau Từ ngày/);
    expect(en.body.error.fields?.to).toMatch(/To must be the same day as From or later/);
  });

  it('a cursor that was not made by the archive answers 400', async () => {
    const res = await client.request<ErrorBody>('GET', '/archive?cursor=not-a-cursor', {
      as: PEOPLE.auditor,
    });

    expect(res.status).toBe(400);
  });
});

describe('the search page', () => {
  const page = (query: string) =>
    client.request<string>('GET', `/archive?${query}`, {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html' },
    });

  it('has the form (dates, province, agency), the results and a link to the next page', async () => {
    const res = await page(`from=${YEAR}-01-01&to=${YEAR}-12-31&province=${encodeURIComponent('Nghệ An')}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const body = res.body;
    // dates as people write them: dd/mm/yyyy boxes, not the browser's date input that follows its locale
    expect(body).toMatch(
      new RegExp(
        `<input id="f-from" name="from" type="text" inputmode="numeric"[^>]* value="01/01/${YEAR}">`,
      ),
    );
    expect(body).toMatch(
      new RegExp(`<input id="f-to" name="to" type="text" inputmode="numeric"[^>]* value="31/12/${YEAR}">`),
    );
    // typed that way, the same search finds the same rows
    const typed = await page(`from=01/01/${YEAR}&to=31/12/${YEAR}&province=${encodeURIComponent('Nghệ An')}`);
    expect(typed.status).toBe(200);
    expect(typed.body.match(/<tr>\s*<td>/g)).toHaveLength(20);
    expect(body).toMatch(/<select id="f-province" name="province">.*<option value="Nghệ An" selected>/s);
    expect(body).toMatch(/<select id="f-agencyId" name="agencyId">.*<option value="snv-nghe-an">/s);
    expect(body.match(/<tr>\s*<td>/g)).toHaveLength(20);
    const next = /rel="next" href="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/archive\?.*cursor=/);
    const second = await page(next?.slice('/archive?'.length) ?? '');
    expect(second.status).toBe(200);
    expect(second.body).toContain('Trang đầu');
  });

  it('a refused search shows the reasons beside the fields and keeps what was typed', async () => {
    const res = await page('from=2035-03-01&to=2035-02-01&agencyId=nowhere');

    expect(res.status).toBe(422);
    expect(res.body).toContain('value="01/03/2035"');
    expect(res.body).toContain('value="01/02/2035"');
    expect(res.body).toMatch(/<p class="error" id="f-to-error">Đến ngày phải bằng hoặc sau Từ ngày/);
    expect(res.body).toMatch(/<p class="error" id="f-agencyId-error">[^<]*nowhere/);
    expect(res.body).toContain('<option value="nowhere" selected>');
  });

  it('escapes what it shows', async () => {
    const res = await page(`province=${encodeURIComponent('<script>alert(1)</script>')}`);

    expect(res.status).toBe(422);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;');
  });
});
