/**
 * AwaitDecision and AwaitMinutes, the callbacks of the waiting states: the approval that holds the task token, the
 * visit's waiting status, and one notice per reminder, on in-memory ports.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideThroughLink } from '#domain/actions/decide-through-link.ts';
import { resolveLink } from '#domain/approvals.ts';
import { awaitDecision } from '#domain/steps/await-decision.ts';
import { awaitMinutes } from '#domain/steps/await-minutes.ts';
import { decide } from '#domain/steps/decide.ts';
import { failNext, PUBLIC_URL } from '../support/memory.ts';
import {
  answered,
  awaitingApproval,
  awaitingMinutes,
  awaitingSignOff,
  enter,
  lastLinkToken,
  noticesOf,
  PEOPLE,
  taskToken,
  world,
} from './fixtures.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('AwaitDecision', () => {
  it("the approver gets a link and the agenda; only the link's hash is stored, with the task token", async () => {
    const w = world();

    const { visitId } = await awaitingApproval(w);

    const mail = w.mailer.sent[0];
    const token = lastLinkToken(w);
    expect(mail?.to).toEqual([PEOPLE.approver1]);
    expect(mail?.text).toContain(`${PUBLIC_URL}/approve/${token}`);
    // asked on Thursday 1 August 2030 at 08:00: two working days are Friday and Monday
    expect(mail?.text).toContain('Đề nghị xử lý trước 08:00 ngày 05/08/2030 (2 ngày làm việc).');
    expect(mail?.attachments?.map((a) => a.filename)).toEqual(['ChuongTrinh-01-CTr-BTGDVTU-v1.docx']);
    const approval = await w.store.getApproval(visitId, 'agenda-1-0-approver');
    expect(approval).toMatchObject({
      kind: 'agenda',
      person: { email: PEOPLE.approver1 },
      tokenHash: sha256(token),
      keyId: 'k1',
      status: 'PENDING',
      documentId: 'agenda-v1',
      noticesSent: 0,
    });
    expect(approval?.taskToken).toMatch(/^task-/);
    expect(JSON.stringify(approval)).not.toContain(token);
    expect((await w.store.getVisit(visitId))?.status).toBe('AWAITING_APPROVAL');
  });

  it('a reminder resends the very same link, without the document, and holds the new task token', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const first = lastLinkToken(w);
    const reminded = await decide(w.deps, { visitId, wait, timeout: {} });

    await enter(w, reminded, 'task-reminder');

    expect(lastLinkToken(w)).toBe(first);
    expect(w.mailer.sent.at(-1)?.attachments).toBeUndefined();
    expect(w.mailer.sent.at(-1)?.subject).toMatch(/^\[Nhắc việc\] /);
    expect(await w.store.getApproval(visitId, 'agenda-1-0-approver')).toMatchObject({
      taskToken: 'task-reminder',
      reminders: 1,
      noticesSent: 1,
    });
  });

  it('a link made before the link key was rotated is resent unchanged, and still resolves', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const first = lastLinkToken(w);
    w.links.rotate('k2');

    await enter(w, await decide(w.deps, { visitId, wait, timeout: {} }));

    expect(lastLinkToken(w)).toBe(first);
    expect((await resolveLink(w.deps, first, ['agenda'])).id).toBe('agenda-1-0-approver');
  });

  it('a callback retried after its notice went out does not mail again', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);

    await awaitDecision(w.deps, { visitId, wait, taskToken: 'task-retried' });

    expect(w.mailer.sent).toHaveLength(1);
    expect((await w.store.getApproval(visitId, 'agenda-1-0-approver'))?.taskToken).toBe('task-retried');
  });

  it('a callback whose mail failed mails on its retry, once', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const reminder = await decide(w.deps, { visitId, wait, timeout: {} });
    failNext(w.mailer, 'send');

    await expect(enter(w, reminder, 'task-r')).rejects.toThrow('send failed');
    await enter(w, reminder, 'task-r');

    expect(await noticesOf(w, visitId)).toEqual(['approvalRequest', 'approvalReminder']);
  });

  it('the deputy gets the escalation, with a link of their own', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const first = lastLinkToken(w);

    await enter(w, await decide(w.deps, { visitId, wait: { ...wait, reminders: 2 }, timeout: {} }));

    expect(w.mailer.sent.at(-1)?.to).toEqual([PEOPLE.deputy1]);
    expect(lastLinkToken(w)).not.toBe(first);
    expect((await noticesOf(w, visitId)).at(-1)).toBe('escalation');
  });

  it("the requester's revision link opens the revision form and quotes the approver's comment", async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const approval = await resolveLink(w.deps, lastLinkToken(w), ['agenda']);
    await decideThroughLink(w.deps, approval, { decision: 'changes', comment: 'Bổ sung danh sách đoàn' });
    const changes = await decide(w.deps, { visitId, ...answered(wait, 'changes', PEOPLE.approver1, 'x') });

    await enter(w, changes);

    const mail = w.mailer.sent.at(-1);
    expect(mail?.to).toEqual([PEOPLE.requester]);
    expect(mail?.text).toContain(`${PUBLIC_URL}/visits/${visitId}/revise/${lastLinkToken(w)}`);
    expect(mail?.text).toContain('Ý kiến: Bổ sung danh sách đoàn');
    expect((await noticesOf(w, visitId)).at(-1)).toBe('revisionRequest');
  });

  it('a wait decided meanwhile sends nothing more', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const approval = await resolveLink(w.deps, lastLinkToken(w), ['agenda']);
    await decideThroughLink(w.deps, approval, { decision: 'approve' });

    await awaitDecision(w.deps, { visitId, wait: { ...wait, reminders: 1 }, taskToken: taskToken() });

    expect(w.mailer.sent).toHaveLength(1);
  });

  it('a visit that has ended is left alone', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    await decide(w.deps, { visitId, ...answered(wait, 'reject', PEOPLE.approver1, 'Không phù hợp') });
    const mails = w.mailer.sent.length;

    await awaitDecision(w.deps, { visitId, wait: { ...wait, step: 1 }, taskToken: taskToken() });

    expect(w.mailer.sent).toHaveLength(mails);
    expect(await w.store.getApproval(visitId, 'agenda-1-1-approver')).toBeUndefined();
  });

  it("refuses the wait for the minutes, which is AwaitMinutes'", async () => {
    const w = world();
    const { visitId, wait } = await awaitingMinutes(w);

    const result = awaitDecision(w.deps, { visitId, wait, taskToken: taskToken() });

    await expect(result).rejects.toMatchObject({ code: 'WRONG_WAIT' });
  });
});

describe('AwaitMinutes', () => {
  it('the secretary is asked through the form: no link, no link key, no document', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    const last = await enter(
      w,
      await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver1) }),
    );
    const approved = await decide(w.deps, { visitId, ...answered(last, 'approve', PEOPLE.approver2) });
    const { store, clock, mailer, compose, publicUrl, directory } = w.deps;

    await awaitMinutes(
      { store, clock, mailer, compose, publicUrl, directory },
      { visitId, wait: approved.wait!, taskToken: 'task-m' },
    );

    expect(await w.store.getApproval(visitId, 'minutesRecord-1-0-secretary')).toMatchObject({
      person: { email: PEOPLE.secretary },
      tokenHash: '',
      keyId: '',
      nonce: '',
      taskToken: 'task-m',
    });
    const mail = w.mailer.sent.at(-1);
    expect(mail?.to).toEqual([PEOPLE.secretary]);
    expect(mail?.text).toContain(`${PUBLIC_URL}/visits/${visitId}/minutes`);
    expect(mail?.attachments).toBeUndefined();
    expect((await w.store.getVisit(visitId))?.status).toBe('AWAITING_MINUTES');
    expect((await noticesOf(w, visitId)).at(-1)).toBe('minutesRequest');
  });

  it("minutes sent back are asked for again as changes, with the chair's comment", async () => {
    const w = world();
    const { visitId, wait } = await awaitingSignOff(w);
    const approval = await resolveLink(w.deps, lastLinkToken(w), ['minutes']);
    await decideThroughLink(w.deps, approval, { decision: 'changes', comment: 'Bổ sung kết luận' });
    const back = await decide(w.deps, {
      visitId,
      ...answered(wait, 'changes', PEOPLE.chair, 'Bổ sung kết luận'),
    });

    await enter(w, back);

    expect(w.mailer.sent.at(-1)?.text).toContain('Ý kiến: Bổ sung kết luận');
    expect((await noticesOf(w, visitId)).at(-1)).toBe('minutesChanges');
    expect((await w.store.getVisit(visitId))?.status).toBe('AWAITING_MINUTES');
  });

  it("refuses an approver's wait, which is AwaitDecision's", async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);

    const result = awaitMinutes(w.deps, { visitId, wait, taskToken: taskToken() });

    await expect(result).rejects.toMatchObject({ code: 'WRONG_WAIT' });
  });
});
