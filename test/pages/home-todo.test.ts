/**
 * Home's "Việc cần xử lý" over HTTP: what waits on the user's agency by role, with its count in the menu, and the
 * visit list's status filter and search (case and accents ignored), a bad status named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { playToMinutes } from '../support/play.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;
/** at its first day, its minutes waiting to be recorded */
let visiting: string;
/** waiting on the host's approvers */
let waiting: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-home-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  visiting = (await playToMinutes(client)).visitId;
  const startDate = dateAfter(await client.clock({ advanceDays: 0 }), 30);
  const res = await client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: { ...seedRequest(startDate), title: 'Trao đổi về chuyển đổi số' },
  });
  waiting = res.body.id;
  await client.waitForStatus(waiting, PEOPLE.requester, 'AWAITING_APPROVAL');
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function home(as: string, query = '') {
  const res = await fetch(new URL(`/${query}`, runtime.url), {
    headers: { accept: 'text/html', cookie: `ev_session=${await client.token(as)}` },
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

/** The ids of the visits a list part of the page links to. */
function linked(html: string): string[] {
  return [...html.matchAll(/href="\/visits\/([^"/#]+)"/g)].map((m) => m[1] ?? '');
}

describe('the to-do on home', () => {
  it('tells the host secretary the minutes to record and the approvals waiting, counted in the menu', async () => {
    const res = await home(PEOPLE.secretary);
    expect(res.status).toBe(200);
    const todo = res.text.slice(res.text.indexOf('id="todo"'), res.text.indexOf('Danh sách chuyến'));
    expect(todo).toContain('Biên bản cần ghi');
    expect(todo).toContain(`href="/visits/${visiting}/minutes"`);
    expect(todo).toContain('Đang chờ lãnh đạo cơ quan phê duyệt');
    expect(linked(todo)).toEqual([waiting]);
    const nav = res.text.slice(res.text.indexOf('<nav'), res.text.indexOf('</nav>'));
    expect(nav).toContain('href="/">Chuyến công tác <span class="count">2<');
    expect(Buffer.byteLength(res.text)).toBeLessThan(30_000);
  });

  it('gives the sending agency’s staff no minutes to record', async () => {
    const res = await home(PEOPLE.requester);
    const todo = res.text.slice(res.text.indexOf('id="todo"'), res.text.indexOf('Danh sách chuyến'));
    expect(todo).not.toContain('Biên bản cần ghi');
    expect(todo).toContain('Không có việc nào đang chờ cơ quan bạn');
  });
});

describe('the visit list’s filter', () => {
  const list = (html: string) => linked(html.slice(html.indexOf('Danh sách chuyến')));

  it('lists only the visits in the status chosen', async () => {
    const res = await home(PEOPLE.requester, '?status=AWAITING_MINUTES');
    expect(res.status).toBe(200);
    expect(list(res.text)).toEqual([visiting]);
    expect(res.text).toContain('<option value="AWAITING_MINUTES" selected>');
  });

  it('finds words in the title whatever their accents and case', async () => {
    const res = await home(PEOPLE.requester, '?q=CHUYEN+doi+so');
    expect(list(res.text)).toEqual([waiting]);
    expect(res.text).toContain('value="CHUYEN doi so"');
    const none = await home(PEOPLE.requester, '?q=no+such+words');
    expect(list(none.text)).toEqual([]);
    expect(none.text).toContain('Không có chuyến nào khớp bộ lọc.');
  });

  it('answers a status that is none with a 400 naming the field', async () => {
    const res = await home(PEOPLE.requester, '?status=BOGUS');
    expect(res.status).toBe(400);
    expect(res.text).toContain('status');
  });
});
