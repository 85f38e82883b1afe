/**
 * The changes to a visit (cancel, reschedule, reassign, resend) and the Cancelled end, on in-memory ports: who may
 * make them, what is refused with nothing written, what the loser of a claim is told, each part once.
 */
import { describe, expect, it } from 'vitest';
import { cancelVisit } from '#domain/actions/cancel-visit.ts';
import { once } from '#domain/actions/idempotent.ts';
import { reassignApproval } from '#domain/actions/reassign-approval.ts';
import { rescheduleVisit } from '#domain/actions/reschedule-visit.ts';
import { resendLink } from '#domain/actions/resend-link.ts';
import { CLAIM_LEASE_MS } from '#domain/actions/settle-approval.ts';
import {
  ForbiddenError,
  IdempotencyKeyError,
  NotAwaitingError,
  TooSoonError,
  ValidationError,
  VISIT_CANCELLED,
  VisitCancelledError,
  VisitStateError,
} from '#domain/errors.ts';
import type { Identity } from '#domain/lifecycle.ts';
import { markCancelled } from '#domain/steps/mark-cancelled.ts';
import {
  AFTER_THE_VISIT,
  awaitingApproval,
  awaitingMinutes,
  awaitingSignOff,
  eventsOf,
  noticesOf,
  PEOPLE,
  REQUESTER,
  world,
} from './fixtures.ts';

const HOST_ADMIN: Identity = {
  email: PEOPLE.hostAdmin,
  name: 'Phạm Thị Ngọc',
  roles: ['staff', 'admin'],
  agencyId: 'btgdvtu-da-nang',
};
const HOST_STAFF: Identity = { ...HOST_ADMIN, email: PEOPLE.hostStaff, name: 'Hà Duy', roles: ['staff'] };

describe('cancel', () => {
  it('claims the open wait, records CANCELLED with who and why, and fails the task with VisitCancelled', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);

    const visit = await cancelVisit(w.deps, visitId, { reason: 'Trùng lịch' }, REQUESTER);

    expect(visit.status).toBe('CANCELLED');
    expect(visit.cancellation).toMatchObject({ by: PEOPLE.requester, reason: 'Trùng lịch' });
    expect(w.workflow.failures.map((f) => f.error)).toEqual([VISIT_CANCELLED]);
    expect((await w.store.listApprovals(visitId)).map((a) => a.status)).toEqual(['CANCELLED']);
    expect(await eventsOf(w, visitId)).toContain('CANCELLED');
  });

  it('a stranger is refused (403), a missing reason is 422, a begun visit 409; nothing is written', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const events = await eventsOf(w, visitId);

    await expect(cancelVisit(w.deps, visitId, { reason: 'x' }, HOST_STAFF)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(cancelVisit(w.deps, visitId, {}, REQUESTER)).rejects.toBeInstanceOf(ValidationError);
    w.clock.set(AFTER_THE_VISIT);
    await expect(cancelVisit(w.deps, visitId, { reason: 'x' }, REQUESTER)).rejects.toBeInstanceOf(
      VisitStateError,
    );

    expect(await eventsOf(w, visitId)).toEqual(events);
    expect(w.workflow.failures).toEqual([]);
    expect((await w.store.getVisit(visitId))?.status).toBe('AWAITING_APPROVAL');
  });

  it('a second cancel answers 409 saying who cancelled', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    await cancelVisit(w.deps, visitId, { reason: 'Trùng lịch' }, REQUESTER);

    const again = cancelVisit(w.deps, visitId, { reason: 'Lần nữa' }, HOST_ADMIN);

    await expect(again).rejects.toBeInstanceOf(VisitCancelledError);
    await expect(again).rejects.toMatchObject({ status: 409, closed: { byName: 'Nguyễn Thị Hương' } });
  });

  it('loses to a decision being made: 409, the visit goes on', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const [open] = await w.store.listApprovals(visitId);
    await w.store.updateApproval(visitId, open?.id ?? '', ['PENDING'], {
      status: 'DECIDED',
      decision: 'approve',
      decidedBy: PEOPLE.approver1,
      decidedAt: w.clock.now().toISOString(),
    });
    const claimed = await w.store.updateApproval(visitId, open?.id ?? '', ['DECIDED'], {});
    expect(claimed?.status).toBe('DECIDED');

    // the decision is recorded: the cancel, which meets no open wait, ends the visit between its steps
    const visit = await cancelVisit(w.deps, visitId, { reason: 'x' }, REQUESTER);
    expect(visit.status).toBe('CANCELLED');
    expect(w.workflow.failures).toEqual([]);
  });

  it('meets a claim held right now: 409 while it is held, and the claim is not broken', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const [open] = await w.store.listApprovals(visitId);
    await w.store.updateApproval(visitId, open?.id ?? '', ['PENDING'], {
      status: 'CLAIMED',
      leaseUntil: new Date(w.clock.now().getTime() + CLAIM_LEASE_MS).toISOString(),
    });

    await expect(cancelVisit(w.deps, visitId, { reason: 'x' }, REQUESTER)).rejects.toBeInstanceOf(
      NotAwaitingError,
    );
    expect((await w.store.getVisit(visitId))?.status).toBe('AWAITING_APPROVAL');
    expect((await w.store.getApproval(visitId, open?.id ?? ''))?.status).toBe('CLAIMED');
  });
});

describe('the Cancelled end', () => {
  it('tells everyone who had mail once, the invitation’s cancellation only to those who had the invitation; a retry sends nothing', async () => {
    const w = world();
    const { visitId } = await awaitingMinutes(w);
    await cancelVisit(w.deps, visitId, { reason: 'Đột xuất' }, HOST_ADMIN);
    const before = w.mailer.sent.length;

    await markCancelled(w.deps, { visitId });
    await markCancelled(w.deps, { visitId });

    const sent = w.mailer.sent.slice(before);
    const withIcs = sent.filter((m) => m.attachments?.some((a) => a.filename === 'cancel.ics'));
    const without = sent.filter((m) => !m.attachments?.some((a) => a.filename === 'cancel.ics'));
    expect(withIcs.flatMap((m) => m.to).sort()).toEqual(expect.arrayContaining([PEOPLE.requester]));
    expect(without.flatMap((m) => m.to)).not.toContain(PEOPLE.requester);
    const everyone = sent.flatMap((m) => m.to);
    expect(new Set(everyone).size).toBe(everyone.length);
    expect((await noticesOf(w, visitId)).filter((n) => n === 'cancelled')).toHaveLength(sent.length);
  });
});

describe('reschedule', () => {
  it('only the requester, with real dates within the bound and a reason; nothing is written otherwise', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const events = await eventsOf(w, visitId);
    const ok = { startDate: '2030-09-10', endDate: '2030-09-11', reason: 'Lùi lịch' };

    await expect(rescheduleVisit(w.deps, visitId, ok, HOST_ADMIN)).rejects.toBeInstanceOf(ForbiddenError);
    for (const [body, field] of [
      [{ ...ok, startDate: '2030-07-01' }, 'startDate'],
      [{ ...ok, startDate: '2031-09-10', endDate: '2031-09-11' }, 'startDate'],
      [{ ...ok, startDate: '2030-02-30' }, 'startDate'],
      [{ ...ok, endDate: '2030-09-09' }, 'endDate'],
      [{ ...ok, reason: '' }, 'reason'],
    ] as const) {
      const refused = rescheduleVisit(w.deps, visitId, body, REQUESTER);
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
      await expect(refused).rejects.toMatchObject({ fields: { [field]: expect.anything() } });
    }
    expect(await eventsOf(w, visitId)).toEqual(events);
    expect(w.workflow.answers).toEqual([]);
  });

  it('answers the open wait `rescheduled` with the new dates, and closes its approval saying why', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);

    await rescheduleVisit(
      w.deps,
      visitId,
      { startDate: '2030-09-10', endDate: '2030-09-11', reason: 'Lùi lịch' },
      REQUESTER,
    );

    expect(w.workflow.answers.map((a) => a.output)).toEqual([
      expect.objectContaining({
        decision: 'rescheduled',
        dates: { startDate: '2030-09-10', endDate: '2030-09-11' },
      }),
    ]);
    const [closed] = await w.store.listApprovals(visitId);
    expect(closed).toMatchObject({
      status: 'CANCELLED',
      closed: { cause: 'reschedule', reason: 'Lùi lịch' },
    });
  });
});

describe('reassign', () => {
  it("never the chair's sign-off of the minutes (422 naming the approval), nor to a person outside the host", async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const [agenda] = await w.store.listApprovals(visitId);
    const outside = reassignApproval(
      w.deps,
      visitId,
      agenda?.id ?? '',
      { toEmail: PEOPLE.outsider, reason: 'x' },
      HOST_ADMIN,
    );
    await expect(outside).rejects.toMatchObject({ fields: { toEmail: expect.anything() } });

    const s = world();
    const signOff = await awaitingSignOff(s);
    const chair = (await s.store.listApprovals(signOff.visitId)).find((a) => a.kind === 'minutes');
    const refused = reassignApproval(
      s.deps,
      signOff.visitId,
      chair?.id ?? '',
      { toEmail: PEOPLE.deputy1, reason: 'x' },
      HOST_ADMIN,
    );
    await expect(refused).rejects.toMatchObject({ status: 422, fields: { approvalId: expect.anything() } });
    expect((await s.store.getApproval(signOff.visitId, chair?.id ?? ''))?.status).toBe('PENDING');
  });

  it("the chair's sign-off link may be mailed again after the visit", async () => {
    const s = world();
    const signOff = await awaitingSignOff(s);
    const chair = (await s.store.listApprovals(signOff.visitId)).find((a) => a.kind === 'minutes');
    s.clock.advance(11 * 60_000);
    const before = s.mailer.sent.length;
    await resendLink(s.deps, signOff.visitId, chair?.id ?? '', REQUESTER);
    expect(s.mailer.sent.slice(before).map((m) => m.to)).toEqual([[PEOPLE.chair]]);
  });

  it('only a host admin', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const [agenda] = await w.store.listApprovals(visitId);
    const body = { toEmail: PEOPLE.deputy1, reason: 'x' };
    await expect(reassignApproval(w.deps, visitId, agenda?.id ?? '', body, REQUESTER)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      reassignApproval(w.deps, visitId, agenda?.id ?? '', body, HOST_STAFF),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('resend', () => {
  it('within the window answers 429 with the seconds left; after it, mails the same link once', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const [open] = await w.store.listApprovals(visitId);
    const id = open?.id ?? '';

    const early = resendLink(w.deps, visitId, id, REQUESTER);
    await expect(early).rejects.toBeInstanceOf(TooSoonError);
    await expect(early).rejects.toMatchObject({ retryAfterSeconds: 600 });
    w.clock.advance(11 * 60_000);
    const before = w.mailer.sent.length;
    await resendLink(w.deps, visitId, id, HOST_ADMIN);

    const mail = w.mailer.sent.slice(before);
    expect(mail.map((m) => m.to)).toEqual([[PEOPLE.approver1]]);
    expect(mail[0]?.subject).toMatch(/^\[Gửi lại\]/);
    expect(await eventsOf(w, visitId)).toContain('RESENT');
    await expect(resendLink(w.deps, visitId, id, REQUESTER)).rejects.toBeInstanceOf(TooSoonError);
  });
});

describe('idempotency keys', () => {
  it('a retry gets the first answer without running again; another request under the key is refused; a refusal releases it', async () => {
    const w = world();
    const keys = { requests: w.store, clock: w.clock };
    let runs = 0;
    const keyed = {
      visitId: 'v1',
      actor: PEOPLE.requester,
      change: 'resend a',
      key: 'key-00000001',
      request: { a: 1 },
    };
    const run = async () => ({ statusCode: 202, body: { n: ++runs } });

    const first = await once(keys, keyed, run);
    const retry = await once(keys, keyed, run);
    expect(retry).toEqual(first);
    expect(runs).toBe(1);
    await expect(once(keys, { ...keyed, request: { a: 2 } }, run)).rejects.toBeInstanceOf(
      IdempotencyKeyError,
    );

    const other = { ...keyed, key: 'key-00000002' };
    await expect(
      once(keys, other, async () => Promise.reject(new ValidationError({}))),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await once(keys, other, run)).toEqual({ statusCode: 202, body: { n: 2 } });
  });
});
