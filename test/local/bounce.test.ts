/**
 * A bounce on the local stack. The mail emulator never bounces, so the test does what SES and EventBridge do in
 * AWS: it hands the bounce function (through `POST /local/ses-events`, which invokes the same handler the stack
 * deploys) the event AWS would deliver for the approval request the emulator just took, tagged as the mailer tags
 * it. Then the visit, its page, the outbox and the table tell whether the bounce was heard.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#adapters/dynamodb-directory.ts';
import { createVisitStore, documentClient } from '#adapters/dynamodb-visit-store.ts';
import { verifyChain } from '#domain/events.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';
import { sesBounceEvent } from '../support/ses-events.ts';

const local = useRuntime('bounce');
/** The host agency's administrator in the directory: who must fix a host person's address. */
const HOST_ADMIN = PEOPLE.hostAdmin;
const NOT_DELIVERED = /Thư không đến được người nhận/;

let visitId: string;
let event: ReturnType<typeof sesBounceEvent>;
let before: number;

beforeAll(async () => {
  const now = await local.client.clock({ advanceDays: 0 });
  const mark = (await local.client.outbox()).length;
  const res = await local.client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: seedRequest(dateAfter(now, 30)),
  });
  visitId = res.body.id;
  const request = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, mark);
  event = sesBounceEvent({
    recipient: PEOPLE.approver1,
    visitId,
    notice: 'approvalRequest',
    messageId: request.id,
  });
  before = (await local.client.outbox()).length;
  const delivered = await local.client.request('POST', '/local/ses-events', { body: event });
  expect(delivered.status).toBe(200);
});

afterAll(() => documentClient().destroy());

describe('a bounced approval request', () => {
  it('is recorded on the visit, in a chain that still verifies', async () => {
    const visit = await local.client.visit(visitId, PEOPLE.requester);
    const types = (visit.events as { type: string }[]).map((e) => e.type);
    expect(types).toContain('MAIL_BOUNCED');
    const events = await createVisitStore(documentClient(), LOCAL_NAMES.table).listEvents(visitId);
    expect(verifyChain(events)).toEqual({ ok: true });
  });

  it('is told, in both languages, to the requester and the host agency', async () => {
    const mails = (await local.client.outbox()).slice(before).filter((m) => NOT_DELIVERED.test(m.subject));
    expect(mails).toHaveLength(1);
    expect([...(mails[0]?.to ?? [])].sort()).toEqual([PEOPLE.requester, HOST_ADMIN].sort());
    expect(mails[0]?.text).toContain('Kính gửi đồng chí');
    expect(mails[0]?.text).toContain('did not reach');
    expect(mails[0]?.links.some((l) => l.endsWith(`/visits/${visitId}`))).toBe(true);
  });

  it('is shown on the visit page, naming the approver and the notice', async () => {
    const page = await local.client.request<string>('GET', `/visits/${visitId}`, {
      as: PEOPLE.requester,
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    const section =
      /<section class="error-summary" role="alert">(.*?)<\/section>/s.exec(page.body)?.[1] ?? '';
    expect(section).toMatch(/Thư không đến được người nhận/);
    expect(section).toContain('đề nghị phê duyệt');
  });

  it("marks the approver's address", async () => {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: LOCAL_NAMES.table, Key: keys.bounced(PEOPLE.approver1) }),
    );
    expect(Item).toMatchObject({ address: PEOPLE.approver1, reason: 'bounce', visitId });
  });

  it('delivered again (EventBridge delivers at least once) changes nothing', async () => {
    const again = await local.client.request('POST', '/local/ses-events', { body: event });

    expect(again.status).toBe(200);
    const visit = await local.client.visit(visitId, PEOPLE.requester);
    expect((visit.events as { type: string }[]).filter((e) => e.type === 'MAIL_BOUNCED')).toHaveLength(1);
    const told = (await local.client.outbox()).slice(before).filter((m) => NOT_DELIVERED.test(m.subject));
    expect(told).toHaveLength(1);
  });

  it('leaves the approval waiting: the link still works once the address is fixed another way', async () => {
    expect((await local.client.visit(visitId, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');
  });
});

describe('an event that is not an SES bounce or complaint', () => {
  it('is refused by the bounce function, which records nothing', async () => {
    const res = await local.client.request<{ error: { code: string } }>('POST', '/local/ses-events', {
      body: { ...event, 'detail-type': 'Email Delivered' },
    });

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('EVENT_REFUSED');
  });
});
