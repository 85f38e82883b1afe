import { describe, expect, it } from 'vitest';
import { POLICY } from '#domain/policy.ts';
import { linkPath } from '#infra/local/client.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('timeouts');

/** Past any window of two working days: a weekend and a holiday may fall in it. */
const windowDays = POLICY.approvalWorkingDays + 3;

describe('an approver who never answers', () => {
  it('is reminded with the same link, then the deputy gets a link of their own, then the request expires', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    let before = (await local.client.outbox()).length;
    const res = await local.client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 30)),
    });
    const id = res.body.id;
    const first = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
    const link = linkPath(first, '/approve/');

    for (let r = 1; r <= POLICY.approvalReminders; r++) {
      before = (await local.client.outbox()).length;
      await local.client.clock({ advanceDays: windowDays + 0.01 });
      const reminder = await local.client.waitForMail(PEOPLE.approver1, /Nhắc việc/, before);
      expect(linkPath(reminder, '/approve/')).toBe(link);
      expect((await local.client.request('GET', link)).status).toBe(200);
    }

    before = (await local.client.outbox()).length;
    await local.client.clock({ advanceDays: windowDays + 0.01 });
    const escalation = await local.client.waitForMail(PEOPLE.deputy1, /phê duyệt/, before);
    const deputyLink = linkPath(escalation, '/approve/');
    expect(deputyLink).not.toBe(link);
    expect((await local.client.request('GET', link)).status).toBe(410);
    expect((await local.client.request('POST', link, { form: { decision: 'approve' } })).status).toBe(410);
    expect((await local.client.request('GET', deputyLink)).status).toBe(200);
    expect((await local.client.visit(id, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');

    before = (await local.client.outbox()).length;
    await local.client.clock({ advanceDays: windowDays + 0.01 });
    await local.client.waitForStatus(id, PEOPLE.requester, 'EXPIRED');
    await local.client.waitForMail(PEOPLE.requester, /quá hạn/, before);
    expect((await local.client.request('GET', deputyLink)).status).toBe(410);
    const events = (await local.client.visit(id, PEOPLE.requester)).events as { type: string }[];
    expect(events.filter((e) => e.type === 'REMINDER_DUE')).toHaveLength(POLICY.approvalReminders);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ESCALATED', 'EXPIRED']));
  });
});
