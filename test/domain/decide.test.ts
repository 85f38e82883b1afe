/**
 * Decide, row by row: every decision of its table, every timeout outcome, and the retries after a partial
 * success, on in-memory ports.
 */
import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '#domain/errors.ts';
import { decide, ON_DECISION } from '#domain/steps/decide.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { failNext } from '../support/memory.ts';
import {
  answered,
  awaitingApproval,
  awaitingMinutes,
  awaitingSignOff,
  enter,
  eventsOf,
  noticesOf,
  PEOPLE,
  VISIT_DAY,
  type World,
  world,
} from './fixtures.ts';

const statusOf = async (w: World, visitId: string) => (await w.store.getVisit(visitId))?.status;
const count = (list: string[], item: string) => list.filter((x) => x === item).length;

/** The first approver has approved; the chain's last approver is asked. */
async function atLastApprover(w: World) {
  const { visitId, wait } = await awaitingApproval(w);
  const next = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver1) });
  return { visitId, wait: await enter(w, next) };
}

describe('Decide: a decision on the agenda', () => {
  it("an approval before the chain's last step asks the next approver; the visit stays waiting", async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);

    const result = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver1) });

    expect(result).toEqual({
      visitId,
      next: 'decision',
      wait: expect.objectContaining({ kind: 'agenda', round: 1, step: 1, role: 'approver', reminders: 0 }),
    });
    expect(await statusOf(w, visitId)).toBe('AWAITING_APPROVAL');
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('the last approval issues the agenda, approves the visit, mails it (editable and signed) with the invitation, and asks for the minutes', async () => {
    const w = world();
    const { visitId, wait } = await atLastApprover(w);

    const result = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver2) });

    expect(await statusOf(w, visitId)).toBe('APPROVED');
    const approved = w.mailer.sent.at(-1);
    expect(approved?.to).toEqual([PEOPLE.requester, PEOPLE.secretary]);
    expect(approved?.attachments?.map((a) => [a.filename, a.contentType])).toEqual([
      ['ChuongTrinh-01-CTr-BTGDVTU-v1.docx', expect.stringContaining('wordprocessingml')],
      ['ChuongTrinh-01-CTr-BTGDVTU-v1.pdf', 'application/pdf'],
      ['invitation.ics', expect.stringContaining('text/calendar')],
    ]);
    expect(new TextDecoder().decode(approved?.attachments?.[0]?.content)).toMatch(
      /^agenda .* v1 no 1 on 2030-08-01$/,
    );
    expect(new TextDecoder().decode(approved?.attachments?.[1]?.content)).toMatch(
      /^pdf agenda v1 no 1 stamped \S+ sealed [0-9a-f]{64}$/,
    );
    expect(await noticesOf(w, visitId)).toEqual(['approvalRequest', 'approvalRequest', 'approved']);
    // the minutes are due at 17:00 Vietnam time five working days after the visit (a Saturday: Friday the 30th)
    expect(result).toEqual({
      visitId,
      next: 'minutes',
      wait: expect.objectContaining({
        kind: 'minutesRecord',
        round: 1,
        role: 'secretary',
        reminders: 0,
        deadline: '2030-08-30T10:00:00.000Z',
      }),
    });
  });

  it("changes on the agenda wait for the requester's revision of the same round; nobody is mailed yet", async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);

    const result = await decide(w.deps, {
      visitId,
      ...answered(wait, 'changes', PEOPLE.approver1, 'Bổ sung danh sách'),
    });

    expect(await statusOf(w, visitId)).toBe('CHANGES_REQUESTED');
    const event = (await w.store.listEvents(visitId)).at(-1);
    expect(event).toMatchObject({ type: 'CHANGES_REQUESTED', actor: PEOPLE.approver1 });
    expect(event?.data).toEqual({ approvalId: 'agenda-1-0-approver', comment: 'Bổ sung danh sách' });
    expect(w.mailer.sent).toHaveLength(1);
    expect(result).toEqual({
      visitId,
      next: 'decision',
      wait: expect.objectContaining({
        kind: 'revision',
        round: 1,
        role: 'requester',
        // three working days from a Thursday: Friday, Monday, Tuesday
        deadline: '2030-08-06T01:00:00.000Z',
      }),
    });
  });

  it('a rejection ends the visit and tells the requester why', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);

    const result = await decide(w.deps, {
      visitId,
      ...answered(wait, 'reject', PEOPLE.approver1, 'Trùng lịch'),
    });

    expect(result).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('REJECTED');
    const rejected = w.mailer.sent.at(-1);
    // the requester is also the contact: one mail
    expect(rejected?.to).toEqual([PEOPLE.requester]);
    expect(rejected?.text).toContain('Ý kiến: Trùng lịch');
    expect(await noticesOf(w, visitId)).toEqual(['approvalRequest', 'rejected']);
  });
});

describe('Decide: the other waits', () => {
  it('a revised request has the agenda drafted again', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const changes = await decide(w.deps, { visitId, ...answered(wait, 'changes', PEOPLE.approver1, 'Sửa') });
    const revision = await enter(w, changes);

    const result = await decide(w.deps, { visitId, ...answered(revision, 'revised', PEOPLE.requester) });

    expect(result).toEqual({ visitId, next: 'draftAgenda' });
  });

  it('recorded minutes are drafted', async () => {
    const w = world();
    const { visitId, wait } = await awaitingMinutes(w);

    const result = await decide(w.deps, { visitId, ...answered(wait, 'recorded', PEOPLE.secretary) });

    expect(result).toEqual({ visitId, next: 'draftMinutes' });
  });

  it("the chair's sign-off is recorded and the visit goes to the archive", async () => {
    const w = world();
    const { visitId, wait } = await awaitingSignOff(w);

    const result = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.chair) });

    expect(result).toEqual({ visitId, next: 'archive' });
    expect((await w.store.listEvents(visitId)).at(-1)).toMatchObject({
      type: 'MINUTES_APPROVED',
      actor: PEOPLE.chair,
    });
  });

  it('minutes sent back by the chair are asked for again, in their next version', async () => {
    const w = world();
    const { visitId, wait } = await awaitingSignOff(w);

    const result = await decide(w.deps, {
      visitId,
      ...answered(wait, 'changes', PEOPLE.chair, 'Bổ sung kết luận'),
    });

    expect(await statusOf(w, visitId)).toBe('MINUTES_CHANGES_REQUESTED');
    expect(result).toEqual({
      visitId,
      next: 'minutes',
      wait: expect.objectContaining({ kind: 'minutesRecord', round: 2, reminders: 0 }),
    });
  });

  it('the rules above are every row of the table', () => {
    const rows = Object.entries(ON_DECISION).flatMap(([kind, rules]) =>
      Object.keys(rules).map((d) => `${kind}/${d}`),
    );

    expect(rows).toEqual([
      'agenda/approve',
      'agenda/changes',
      'agenda/reject',
      'agenda/rescheduled',
      'revision/revised',
      'revision/rescheduled',
      'minutesRecord/recorded',
      'minutesRecord/rescheduled',
      'minutes/approve',
      'minutes/changes',
    ]);
  });

  it('a decision the wait does not take is a fault, and changes nothing', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const before = await eventsOf(w, visitId);

    const result = decide(w.deps, { visitId, ...answered(wait, 'recorded', PEOPLE.approver1) });

    await expect(result).rejects.toMatchObject({ code: 'UNEXPECTED_DECISION', status: 500 });
    expect(await eventsOf(w, visitId)).toEqual(before);
  });

  it('a visit that failed meanwhile ends the execution and is left as it is', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const visit = await w.store.getVisit(visitId);
    await w.store.updateVisit(visitId, visit?.version ?? 0, { status: 'FAILED' });
    const before = await eventsOf(w, visitId);

    const result = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver1) });

    expect(result).toEqual({ visitId, next: 'end' });
    expect(await eventsOf(w, visitId)).toEqual(before);
  });
});

describe('Decide: a timeout', () => {
  it('an approver not yet reminded twice is reminded: the same wait, one more reminder', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    w.clock.advance(48 * 3600_000);

    const result = await decide(w.deps, { visitId, wait, timeout: {} });

    expect(result).toEqual({
      visitId,
      next: 'decision',
      // reminded on a Saturday: two working days are Monday and Tuesday, at the same time of day
      wait: { ...wait, reminders: 1, timeoutSeconds: 72 * 3600, deadline: '2030-08-06T01:00:00.000Z' },
    });
    expect((await w.store.listEvents(visitId)).at(-1)).toMatchObject({
      type: 'REMINDER_DUE',
      data: { approvalId: 'agenda-1-0-approver', reminders: 1 },
    });
  });

  it("an approver reminded twice is passed over: the step's deputy is asked with a new link", async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);

    const result = await decide(w.deps, { visitId, wait: { ...wait, reminders: 2 }, timeout: {} });

    expect(result).toEqual({
      visitId,
      next: 'decision',
      wait: expect.objectContaining({ kind: 'agenda', step: 0, role: 'deputy', reminders: 0 }),
    });
    expect((await w.store.getApproval(visitId, 'agenda-1-0-approver'))?.status).toBe('SUPERSEDED');
    expect((await w.store.listEvents(visitId)).at(-1)).toMatchObject({
      type: 'ESCALATED',
      data: { from: 'agenda-1-0-approver', to: 'agenda-1-0-deputy' },
    });
  });

  it('a deputy who does not answer lets the request expire, and the requester and the host are told', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const deputy = await enter(
      w,
      await decide(w.deps, { visitId, wait: { ...wait, reminders: 2 }, timeout: {} }),
    );

    const result = await decide(w.deps, { visitId, wait: { ...deputy, reminders: 2 }, timeout: {} });

    expect(result).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('EXPIRED');
    expect((await w.store.getApproval(visitId, 'agenda-1-0-deputy'))?.status).toBe('EXPIRED');
    expect(w.mailer.sent.at(-1)?.to).toEqual([PEOPLE.requester, PEOPLE.secretary]);
    expect((await noticesOf(w, visitId)).at(-1)).toBe('expired');
  });

  it('an approver with no deputy, reminded twice, lets the request expire', async () => {
    const w = world();
    const nghean = await w.directory.agency('snv-nghe-an');
    if (!nghean) throw new Error('no seed agency');
    const noDeputies = nghean.versions.map((v) => ({
      ...v,
      approvalChain: v.approvalChain.map((s) => ({ approver: s.approver })),
    }));
    await w.directory.putVersions('snv-nghe-an', nghean.revision, noDeputies);
    const { visitId, wait } = await awaitingApproval(w, {
      ...seedRequest(VISIT_DAY),
      hostAgencyId: 'snv-nghe-an',
    });

    const result = await decide(w.deps, { visitId, wait: { ...wait, reminders: 2 }, timeout: {} });

    expect(result).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('EXPIRED');
  });

  it('once the visit has started, an unanswered agenda expires whatever reminders are left', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    w.clock.set(`${VISIT_DAY}T00:00:00+07:00`);

    const result = await decide(w.deps, { visitId, wait, timeout: {} });

    expect(result).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('EXPIRED');
  });

  it('a revision is reminded once, then expires', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const changes = await decide(w.deps, { visitId, ...answered(wait, 'changes', PEOPLE.approver1, 'Sửa') });
    const revision = await enter(w, changes);

    const reminded = await decide(w.deps, { visitId, wait: revision, timeout: {} });
    const expired = await decide(w.deps, { visitId, wait: { ...revision, reminders: 1 }, timeout: {} });

    expect(reminded).toMatchObject({ next: 'decision', wait: { kind: 'revision', reminders: 1 } });
    expect(expired).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('EXPIRED');
  });

  it('the minutes are reminded three times, back to AwaitMinutes, then expire', async () => {
    const w = world();
    const { visitId, wait } = await awaitingMinutes(w);

    const reminded = [];
    for (const reminders of [0, 1, 2])
      reminded.push(await decide(w.deps, { visitId, wait: { ...wait, reminders }, timeout: {} }));
    const expired = await decide(w.deps, { visitId, wait: { ...wait, reminders: 3 }, timeout: {} });

    expect(reminded.map((r) => [r.next, r.wait?.reminders])).toEqual([
      ['minutes', 1],
      ['minutes', 2],
      ['minutes', 3],
    ]);
    expect(expired).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('EXPIRED');
  });

  it("the chair's sign-off is reminded twice, then expires", async () => {
    const w = world();
    const { visitId, wait } = await awaitingSignOff(w);

    const reminded = await decide(w.deps, { visitId, wait: { ...wait, reminders: 1 }, timeout: {} });
    const expired = await decide(w.deps, { visitId, wait: { ...wait, reminders: 2 }, timeout: {} });

    expect(reminded).toMatchObject({ next: 'decision', wait: { kind: 'minutes', reminders: 2 } });
    expect(expired).toEqual({ visitId, next: 'end' });
    expect(await statusOf(w, visitId)).toBe('EXPIRED');
  });
});

describe('Decide: retries after a partial success', () => {
  it('the last approval retried after the mail failed: one APPROVED, one notice', async () => {
    const w = world();
    const { visitId, wait } = await atLastApprover(w);
    const input = { visitId, ...answered(wait, 'approve', PEOPLE.approver2) };
    failNext(w.mailer, 'send');

    await expect(decide(w.deps, input)).rejects.toThrow('send failed');
    expect(await statusOf(w, visitId)).toBe('APPROVED');
    const retried = await decide(w.deps, input);

    expect(retried.next).toBe('minutes');
    expect(count(await eventsOf(w, visitId), 'APPROVED')).toBe(1);
    expect(count(await noticesOf(w, visitId), 'approved')).toBe(1);
    expect(
      w.mailer.sent.filter((m) => m.attachments?.some((a) => a.filename === 'invitation.ics')),
    ).toHaveLength(1);
  });

  it('an expiry retried after the mail failed: one EXPIRED, one notice', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const input = { visitId, wait: { ...wait, reminders: 2, role: 'deputy' as const }, timeout: {} };
    failNext(w.mailer, 'send');

    await expect(decide(w.deps, input)).rejects.toThrow();
    await decide(w.deps, input);

    expect(count(await eventsOf(w, visitId), 'EXPIRED')).toBe(1);
    expect(await noticesOf(w, visitId)).toEqual(['approvalRequest', 'expired']);
  });

  it('a decision retried after it all went through does nothing twice', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const input = { visitId, ...answered(wait, 'reject', PEOPLE.approver1, 'Trùng lịch') };
    await decide(w.deps, input);
    const events = await eventsOf(w, visitId);
    const mails = w.mailer.sent.length;

    const again = await decide(w.deps, input);

    expect(again).toEqual({ visitId, next: 'end' });
    expect(await eventsOf(w, visitId)).toEqual(events);
    expect(w.mailer.sent).toHaveLength(mails);
  });

  it('a turn that lost a race for the visit reloads it and moves it once', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    failNext(w.store, 'updateVisit', new VersionConflictError());

    await decide(w.deps, { visitId, ...answered(wait, 'changes', PEOPLE.approver1, 'Sửa') });

    expect(await statusOf(w, visitId)).toBe('CHANGES_REQUESTED');
    expect(count(await eventsOf(w, visitId), 'CHANGES_REQUESTED')).toBe(1);
  });
});
