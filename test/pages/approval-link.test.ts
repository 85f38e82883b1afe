/**
 * The approval link made for a phone, over HTTP as a browser without JavaScript posts it: the decision bar first,
 * a refused comment's error beside it, approve and reject confirmed on a second page before they are final, the
 * decisions made so far for the next approver (names, not addresses), and the visit page's whole chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, linkPath } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;
let visitId: string;
let first: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-approval-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  const startDate = dateAfter(await client.clock({ advanceDays: 0 }), 30);
  const res = await client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: seedRequest(startDate),
  });
  visitId = res.body.id;
  first = linkPath(await client.waitForMail(PEOPLE.approver1, /phê duyệt/), '/approve/');
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A browser's request: HTML, a session cookie for `as`, a urlencoded form. */
async function browse(path: string, opts: { as?: string; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (opts.as) headers.cookie = `ev_session=${await client.token(opts.as)}`;
  if (opts.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(new URL(path, runtime.url), {
    method: opts.form ? 'POST' : 'GET',
    headers,
    ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

describe('the approval link on a phone', () => {
  it('(before any decision) the visit page lists the chain’s second step as not reached yet', async () => {
    const res = await client.request<{ upcoming: { step: number; name: string }[] }>(
      'GET',
      `/visits/${visitId}`,
      {
        as: PEOPLE.requester,
      },
    );
    expect(res.body.upcoming).toEqual([{ step: 1, name: expect.any(String) }]);
    const html = await browse(`/visits/${visitId}`, { as: PEOPLE.requester });
    const from = html.text.indexOf('<ol class="approvals">');
    const chain = html.text.slice(from, html.text.indexOf('</ol>', from));
    expect(chain).toContain('bước 2</strong><span class="state state-upcoming">Chưa đến lượt');
    expect(chain).toContain(res.body.upcoming[0]?.name);
  });

  it('puts the decision bar before the draft’s summary', async () => {
    const res = await browse(first);
    expect(res.status).toBe(200);
    const bar = res.text.indexOf('class="form decide decision-bar"');
    expect(bar).toBeGreaterThan(0);
    expect(bar).toBeLessThan(res.text.indexOf('class="card summary"'));
    expect(Buffer.byteLength(res.text)).toBeLessThan(30_000);
  });

  it('answers a rejection without a comment with the error right above the comment, in the bar', async () => {
    const res = await browse(first, { form: { decision: 'reject', comment: '  ' } });
    expect(res.status).toBe(422);
    const bar = res.text.slice(res.text.indexOf('id="decide"'));
    expect(bar.indexOf('id="errors"')).toBeGreaterThan(0);
    expect(bar.indexOf('id="errors"')).toBeLessThan(bar.indexOf('name="comment"'));
    expect(bar).toContain('bắt buộc khi yêu cầu chỉnh sửa hoặc từ chối');
  });

  it('asks to confirm an approval before it is final, keeping the comment, and "back" redraws the form', async () => {
    const asked = await browse(first, {
      form: { decision: 'approve', comment: 'Đồng ý, lưu ý "giờ" <họp>' },
    });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Xác nhận phê duyệt');
    expect(asked.text).toContain('name="confirm" value="yes"');
    expect(asked.text).toContain('<input type="hidden" name="decision" value="approve">');
    expect(asked.text).toContain('value="Đồng ý, lưu ý &quot;giờ&quot; &lt;họp&gt;"');
    // nothing is decided yet: the link still opens, its approval is still waiting
    expect((await browse(first)).status).toBe(200);
    const back = await browse(first, {
      form: { decision: 'approve', comment: 'Đồng ý, lưu ý "giờ" <họp>', _lang: 'vi' },
    });
    expect(back.status).toBe(200);
    expect(back.text).toContain('Đồng ý, lưu ý &quot;giờ&quot; &lt;họp&gt;</textarea>');
  });

  it('decides once confirmed, and the next approver reads the decision and its comment under a name', async () => {
    const done = await browse(first, {
      form: { decision: 'approve', comment: 'Đồng ý, lưu ý "giờ" <họp>', confirm: 'yes' },
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Đã ghi nhận quyết định');
    expect((await browse(first)).status).toBe(409);

    const second = linkPath(await client.waitForMail(PEOPLE.approver2, /phê duyệt/), '/approve/');
    const res = await browse(second);
    expect(res.status).toBe(200);
    const chain = res.text.slice(res.text.indexOf('Ý kiến đã có'));
    expect(chain).toContain('Đồng ý, lưu ý &quot;giờ&quot; &lt;họp&gt;');
    expect(chain).toContain('Đã phê duyệt');
    expect(res.text).not.toContain(PEOPLE.approver1);
  });
});

describe('the visit page’s approval chain', () => {
  it('shows every step: the decided one with its time and comment, the one waiting with its deadline', async () => {
    const res = await browse(`/visits/${visitId}`, { as: PEOPLE.requester });
    expect(res.status).toBe(200);
    const from = res.text.indexOf('<ol class="approvals">');
    const chain = res.text.slice(from, res.text.indexOf('</ol>', from));
    expect(chain).toContain('bước 1');
    expect(chain).toContain('Đã phê duyệt');
    expect(chain).toContain('bước 2');
    expect(chain).toContain('Đang chờ');
    expect(chain).toMatch(/từ \d\d\/\d\d\/\d{4} \d\d:\d\d · hạn \d\d\/\d\d\/\d{4}/);
    expect(chain).not.toContain(PEOPLE.approver1);
  });
});

describe('a rejected request copied into a new one', () => {
  let rejected: string;

  beforeAll(async () => {
    const mark = (await client.outbox()).length;
    const startDate = dateAfter(await client.clock({ advanceDays: 0 }), 40);
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: { ...seedRequest(startDate), title: 'Trao đổi "kinh nghiệm" <số hóa>' },
    });
    rejected = res.body.id;
    const mail = await client.waitForMail(PEOPLE.approver1, /phê duyệt/, mark);
    const decided = await client.request('POST', linkPath(mail, '/approve/'), {
      form: { decision: 'reject', comment: 'Chưa bố trí được lịch' },
    });
    expect(decided.status).toBe(200);
    await client.waitForStatus(rejected, PEOPLE.requester, 'REJECTED');
  });

  it('offers the copy on the visit page to its sending agency’s staff only', async () => {
    const button = `href="/visits/new?from=${rejected}"`;
    expect((await browse(`/visits/${rejected}`, { as: PEOPLE.requester })).text).toContain(button);
    const host = await browse(`/visits/${rejected}`, { as: PEOPLE.hostStaff });
    expect(host.status).toBe(200);
    expect(host.text).not.toContain(button);
    // a visit still under way is not copied
    expect((await browse(`/visits/${visitId}`, { as: PEOPLE.requester })).text).not.toContain('?from=');
  });

  it('opens the request form with its values and the dates left empty; others are refused', async () => {
    const res = await browse(`/visits/new?from=${rejected}`, { as: PEOPLE.requester });
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="Trao đổi &quot;kinh nghiệm&quot; &lt;số hóa&gt;"');
    expect(res.text).toContain(`value="${seedRequest('2030-01-01').members[0]?.name}"`);
    expect(res.text).toMatch(/name="startDate"[^>]*value=""/);
    expect((await browse(`/visits/new?from=${rejected}`, { as: PEOPLE.outsider })).status).toBe(403);
    expect((await browse(`/visits/new?from=${rejected}`, { as: PEOPLE.hostStaff })).status).toBe(403);
    expect((await browse('/visits/new?from=no-such-visit', { as: PEOPLE.requester })).status).toBe(404);
  });
});
