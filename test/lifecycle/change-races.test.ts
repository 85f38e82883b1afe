/**
 * The races of changing a visit, on the local runtime with concurrent requests, each played several times: a
 * cancel against an approval, a reschedule against the last approval, a reassignment against the old holder's
 * decision, two cancels at once. Exactly one wins; the loser gets 409 or 410; afterwards the visit, the state
 * machine and the mail agree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { linkPath } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('change-races');

// the steps a test set going finish before the next test, and before the runtime stops
afterEach(() => local.runtime.sfn.idle());

/** How many times each race is played. */
const ROUNDS = 4;

async function submit(days: number) {
  const now = await local.client.clock({ advanceDays: 0 });
  const before = (await local.client.outbox()).length;
  const res = await local.client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: seedRequest(dateAfter(now, days)),
  });
  expect(res.status).toBe(201);
  const mail = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
  return { id: res.body.id, link: linkPath(mail, '/approve/'), now };
}

async function openApprovalId(id: string): Promise<string> {
  const visit = await local.client.visit(id, PEOPLE.requester);
  const open = (visit.approvals as { id: string; status: string }[]).find((a) => a.status === 'PENDING');
  if (!open) throw new Error(`visit ${id} has no open approval`);
  return open.id;
}

const executionArn = (visitId: string) =>
  `${LOCAL_NAMES.stateMachineArn.replace(':stateMachine:', ':execution:')}:${visitId}`;

async function executionStatus(visitId: string, until: (status: string) => boolean): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const { status } = await local.runtime.sfn.describeExecution(executionArn(visitId));
    if (until(status)) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the execution of ${visitId} did not settle`);
}

describe('races of changes (concurrent requests, exactly one wins)', () => {
  it('a cancel racing an approval: the two serialise — the cancel takes the open wait (the approval 409/410), or the decision is made first — and the visit, the approvals and the state machine agree', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id, link } = await submit(20 + round);
      const before = (await local.client.outbox()).length;
      const [cancel, approve] = await Promise.all([
        local.client.request('POST', `/visits/${id}/cancel`, {
          as: PEOPLE.requester,
          body: { reason: `Vòng ${round}` },
        }),
        local.client.request('POST', link, { form: { decision: 'approve' } }),
      ]);
      // never both refused; a refusal is 409 or 410
      expect([cancel.status, approve.status]).toContain(200);
      for (const res of [cancel, approve]) expect([200, 409, 410]).toContain(res.status);
      const first = (await local.client.visit(id, PEOPLE.requester)).approvals as { status: string }[];
      if (cancel.status === 200) {
        const visit = await local.client.waitForStatus(id, PEOPLE.requester, 'CANCELLED');
        expect(await executionStatus(id, (s) => s !== 'RUNNING')).toBe('SUCCEEDED');
        expect((await local.client.request('GET', link)).status).toBe(approve.status === 200 ? 409 : 410);
        const types = (visit.events as { type: string }[]).map((e) => e.type);
        if (approve.status === 200) {
          // the decision was made before the cancel, which then ended the visit between its steps
          expect(first[0]?.status).toBe('DECIDED');
          expect(types.indexOf('DECIDED')).toBeLessThan(types.indexOf('CANCELLED'));
        } else {
          expect(first[0]?.status).toBe('CANCELLED');
          expect(types).not.toContain('DECIDED');
        }
        // whatever is open now is closed, and nobody is left holding a live link
        const approvals = (await local.client.visit(id, PEOPLE.requester)).approvals as { status: string }[];
        expect(approvals.filter((a) => a.status === 'PENDING')).toEqual([]);
      } else {
        // the decision held the wait: the cancel is told, and the second approver is asked
        expect(cancel.status).toBe(409);
        await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
        expect((await local.client.visit(id, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');
        expect(await executionStatus(id, () => true)).toBe('RUNNING');
      }
    }
  });

  it('two cancels at once: one 200, the other 409 saying who cancelled', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await submit(40 + round);
      const [a, b] = await Promise.all([
        local.client.request('POST', `/visits/${id}/cancel`, { as: PEOPLE.requester, body: { reason: 'A' } }),
        local.client.request('POST', `/visits/${id}/cancel`, { as: PEOPLE.hostAdmin, body: { reason: 'B' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await executionStatus(id, (s) => s !== 'RUNNING')).toBe('SUCCEEDED');
      const visit = await local.client.visit(id, PEOPLE.requester);
      const events = (visit.events as { type: string }[]).filter((e) => e.type === 'CANCELLED');
      expect(events).toHaveLength(1);
    }
  });

  it('a reschedule racing the last approval: one wins; the visit is either redrafted from the first step or approved', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id, link, now } = await submit(30 + round);
      let before = (await local.client.outbox()).length;
      expect((await local.client.request('POST', link, { form: { decision: 'approve' } })).status).toBe(200);
      const last = linkPath(
        await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before),
        '/approve/',
      );
      await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_APPROVAL');
      before = (await local.client.outbox()).length;
      const [reschedule, approve] = await Promise.all([
        local.client.request('POST', `/visits/${id}/reschedule`, {
          as: PEOPLE.requester,
          body: {
            startDate: dateAfter(now, 50 + round),
            endDate: dateAfter(now, 51 + round),
            reason: 'Đổi lịch',
          },
        }),
        local.client.request('POST', last, { form: { decision: 'approve' } }),
      ]);
      // never both refused; when both went through, the approval came first and the reschedule after it
      expect([reschedule.status, approve.status]).toContain(200);
      if (reschedule.status === 200) {
        expect([200, 410]).toContain(approve.status);
        // drafted again and asked from the chain's first step
        const again = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
        expect(linkPath(again, '/approve/')).not.toBe(link);
        const visit = await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_APPROVAL');
        expect((visit.request as { startDate: string }).startDate).toBe(dateAfter(now, 50 + round));
      } else {
        expect(reschedule.status).toBe(409);
        expect(approve.status).toBe(200);
        const visit = await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
        expect((visit.request as { startDate: string }).startDate).toBe(dateAfter(now, 30 + round));
      }
      expect(await executionStatus(id, () => true)).toBe('RUNNING');
    }
  });

  it('a reassignment racing the old holder’s decision: one wins; the loser gets 409 or 410', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id, link } = await submit(60 + round);
      const approvalId = await openApprovalId(id);
      const before = (await local.client.outbox()).length;
      const [reassign, approve] = await Promise.all([
        local.client.request('POST', `/visits/${id}/approvals/${approvalId}/reassign`, {
          as: PEOPLE.hostAdmin,
          body: { toEmail: PEOPLE.deputy1, reason: 'Đi công tác nước ngoài' },
        }),
        local.client.request('POST', link, { form: { decision: 'approve' } }),
      ]);
      if (reassign.status === 200) {
        expect(approve.status).toBe(410);
        const moved = await local.client.waitForMail(PEOPLE.deputy1, /phê duyệt/, before);
        expect(linkPath(moved, '/approve/')).not.toBe(link);
        expect((await local.client.request('GET', link)).status).toBe(410);
      } else {
        expect(reassign.status).toBe(409);
        expect(approve.status).toBe(200);
        await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
      }
      expect(await executionStatus(id, () => true)).toBe('RUNNING');
    }
  });
});
