import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from '#domain/policy.ts';
import { Client, linkPath } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-timeouts-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const windowDays = POLICY.approvalWindowHours / 24;

describe('an approver who never answers', () => {
  it('is reminded with the same link, then the deputy gets a link of their own, then the request expires', async () => {
    const now = await client.clock({ advanceDays: 0 });
    let before = (await client.outbox()).length;
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 30)),
    });
    const id = res.body.id;
    const first = await client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
    const link = linkPath(first, '/approve/');

    for (let r = 1; r <= POLICY.approvalReminders; r++) {
      before = (await client.outbox()).length;
      await client.clock({ advanceDays: windowDays + 0.01 });
      const reminder = await client.waitForMail(PEOPLE.approver1, /Nhắc việc/, before);
      expect(linkPath(reminder, '/approve/')).toBe(link);
      expect((await client.request('GET', link)).status).toBe(200);
    }

    before = (await client.outbox()).length;
    await client.clock({ advanceDays: windowDays + 0.01 });
    const escalation = await client.waitForMail(PEOPLE.deputy1, /phê duyệt/, before);
    const deputyLink = linkPath(escalation, '/approve/');
    expect(deputyLink).not.toBe(link);
    expect((await client.request('GET', link)).status).toBe(410);
    expect((await client.request('POST', link, { form: { decision: 'approve' } })).status).toBe(410);
    expect((await client.request('GET', deputyLink)).status).toBe(200);
    expect((await client.visit(id, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');

    before = (await client.outbox()).length;
    await client.clock({ advanceDays: windowDays + 0.01 });
    await client.waitForStatus(id, PEOPLE.requester, 'EXPIRED');
    await client.waitForMail(PEOPLE.requester, /quá hạn/, before);
    expect((await client.request('GET', deputyLink)).status).toBe(410);
    const events = (await client.visit(id, PEOPLE.requester)).events as { type: string }[];
    expect(events.filter((e) => e.type === 'REMINDER_DUE')).toHaveLength(POLICY.approvalReminders);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ESCALATED', 'EXPIRED']));
  });
});
