/**
 * Out-of-office substitutes and the move of an open approval: the absent approver's open agenda approval moves to
 * the substitute with a new link bound to the same task token, the old link answers 410 naming the substitute, the
 * substitute's decision settles the wait under the approval that decided, reminders follow the holder; new links
 * go to the substitute while the absence holds; a chair's sign-off is never substituted.
 */
import { describe, expect, it } from 'vitest';
import { decideThroughLink } from '#domain/actions/decide-through-link.ts';
import { moveApproval } from '#domain/actions/move-approval.ts';
import { endSubstitute, setSubstitute } from '#domain/actions/set-substitute.ts';
import { currentHolder, resolveLink } from '#domain/approvals.ts';
import { workingCalendar } from '#domain/directory/calendar.ts';
import type { Identity } from '#domain/directory/users.ts';
import { ForbiddenError, LinkReassignedError } from '#domain/errors.ts';
import { approvalIdFor } from '#domain/lifecycle.ts';
import { onTimeout } from '#domain/policy.ts';
import { awaitDecision } from '#domain/steps/await-decision.ts';
import { decide } from '#domain/steps/decide.ts';
import {
  awaitingApproval,
  awaitingSignOff,
  lastLinkToken,
  NOW,
  PEOPLE,
  type World,
  world,
} from './fixtures.ts';

const HOST_ADMIN: Identity = {
  email: 'ngoc.pt@btgdvtu.danang.example',
  name: 'Phạm Thị Ngọc',
  roles: ['staff', 'admin'],
  agencyId: 'btgdvtu-da-nang',
};
const TODAY = NOW.slice(0, 10);

const away = (w: World, over: Record<string, string> = {}) =>
  setSubstitute(w.deps, HOST_ADMIN, 'btgdvtu-da-nang', {
    absentEmail: PEOPLE.approver1,
    substituteEmail: HOST_ADMIN.email,
    from: TODAY,
    to: '2030-08-20',
    reason: 'Đi công tác nước ngoài',
    ...over,
  });

describe('a substitute while an approver is away', () => {
  it('moves the open approval: a new link to the substitute, the old one answers 410 naming them', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const oldToken = lastLinkToken(w);

    const { moved } = await away(w);

    expect(moved).toEqual(['agenda-1-0-approver-m1']);
    const mail = w.mailer.sent.at(-1);
    expect(mail?.to).toEqual([HOST_ADMIN.email]);
    expect(mail?.attachments?.[0]?.filename).toMatch(/ChuongTrinh/);
    const old = await resolveLink(w.deps, oldToken, ['agenda']);
    const refused = decideThroughLink(w.deps, old, { decision: 'approve' });
    await expect(refused).rejects.toBeInstanceOf(LinkReassignedError);
    await expect(refused).rejects.toMatchObject({ status: 410, text: { en: /Phạm Thị Ngọc/ } });
    const holder = await currentHolder(w.store, visitId, 'agenda-1-0-approver');
    expect(holder).toMatchObject({
      id: 'agenda-1-0-approver-m1',
      status: 'PENDING',
      person: { email: HOST_ADMIN.email },
      taskToken: old.taskToken,
      reassignedFrom: { approvalId: 'agenda-1-0-approver', reason: 'Đi công tác nước ngoài' },
    });
  });

  it("the substitute decides through the new link; Decide records the approval that decided and asks the chain's next step", async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    await away(w);
    const approval = await resolveLink(w.deps, lastLinkToken(w), ['agenda']);

    await decideThroughLink(w.deps, approval, { decision: 'approve' });
    const answer = w.workflow.answers.at(-1)?.output;
    expect(answer).toMatchObject({
      decision: 'approve',
      by: HOST_ADMIN.email,
      approvalId: 'agenda-1-0-approver-m1',
    });
    const next = await decide(w.deps, {
      visitId,
      wait,
      decision: { decision: 'approve', by: HOST_ADMIN.email, approvalId: 'agenda-1-0-approver-m1' },
    });

    expect(next.wait).toMatchObject({ kind: 'agenda', step: 1 });
  });

  it('a reminder goes to whoever holds the approval now', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    await away(w);
    w.clock.advance(4 * 86_400_000);
    const again = onTimeout(
      (await w.store.getVisit(visitId))!,
      wait,
      true,
      w.clock.now(),
      workingCalendar([]),
    );
    if (again.action !== 'remind') throw new Error('expected a reminder');

    await awaitDecision(w.deps, { visitId, wait: again.wait, taskToken: 'task-reminder' });

    expect(w.mailer.sent.at(-1)?.to).toEqual([HOST_ADMIN.email]);
    expect(await w.store.getApproval(visitId, 'agenda-1-0-approver-m1')).toMatchObject({
      taskToken: 'task-reminder',
    });
    expect(await w.store.getApproval(visitId, 'agenda-1-0-approver')).toMatchObject({ status: 'REASSIGNED' });
  });

  it('while the absence holds, a new request for a decision goes to the substitute; ended early, to the approver', async () => {
    const w = world();
    const { substitute } = await away(w);

    await awaitingApproval(w);
    expect(w.mailer.sent.at(-1)?.to).toEqual([HOST_ADMIN.email]);

    await endSubstitute(w.deps, HOST_ADMIN, 'btgdvtu-da-nang', substitute.id);
    await awaitingApproval(w);
    expect(w.mailer.sent.at(-1)?.to).toEqual([PEOPLE.approver1]);
  });

  it("a chair's sign-off is never substituted", async () => {
    const w = world();
    await away(w, { absentEmail: PEOPLE.chair, to: '2030-12-31' });
    w.mailer.sent.length = 0;

    await awaitingSignOff(w);

    expect(w.mailer.sent.at(-1)?.to).toEqual([PEOPLE.chair]);
  });

  it('only an admin of the agency sets one; the absent must be an approver, the substitute a person of the agency', async () => {
    const w = world();
    const other: Identity = { ...HOST_ADMIN, agencyId: 'snv-nghe-an' };

    await expect(setSubstitute(w.deps, other, 'btgdvtu-da-nang', {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      away(w, {
        absentEmail: 'nobody@x.example',
        substituteEmail: 'binh.hv@snv.nghean.example',
        to: '2020-01-01',
      }),
    ).rejects.toMatchObject({
      status: 422,
      fields: {
        absentEmail: { en: "must be one of the agency's approvers" },
        substituteEmail: { en: 'must be a person of the agency' },
        to: { en: 'must not be in the past' },
      },
    });
  });

  it('moving an approval that was decided meanwhile answers 409 and leaves it decided', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const approval = await resolveLink(w.deps, lastLinkToken(w), ['agenda']);
    await decideThroughLink(w.deps, approval, { decision: 'approve' });

    const move = moveApproval(
      w.deps,
      visitId,
      approvalIdFor({ kind: 'agenda', round: 1, step: 0, role: 'approver' }),
      {
        name: 'X',
        position: '',
        email: HOST_ADMIN.email,
      },
      { reason: 'r', by: HOST_ADMIN.email },
    );

    await expect(move).rejects.toMatchObject({ status: 409 });
    expect((await w.store.getApproval(visitId, 'agenda-1-0-approver'))?.status).toBe('DECIDED');
  });
});
