import { describe, expect, it } from 'vitest';
import { verifyChain } from '#domain/events.ts';
import { agenciesOf } from '#domain/lifecycle.ts';
import {
  administratorsOf,
  BOUNCE_NOTICE,
  type BounceDeps,
  deliveryProblems,
  MAIL_BOUNCED,
  MAIL_COMPLAINED,
  type MailFeedback,
  recordMailFeedback,
} from '#domain/mail-bounces.ts';
import type { BouncedAddress } from '#domain/ports.ts';
import { composeBounceNotice } from '#templates/mail-bounce.ts';
import { PUBLIC_URL } from '../support/memory.ts';
import { awaitingApproval, PEOPLE, type World, world } from './fixtures.ts';

/** Bounce ports on the world's store and mailer, and the marks kept in a list. */
function bounceDeps(w: World): BounceDeps & { marks: BouncedAddress[] } {
  const marks: BouncedAddress[] = [];
  return {
    store: w.store,
    directory: w.deps.directory,
    mailer: w.mailer,
    compose: composeBounceNotice,
    publicUrl: PUBLIC_URL,
    marks,
    bounced: {
      async mark(mark) {
        marks.push(mark);
      },
    },
  };
}

function bounce(visitId: string, patch: Partial<MailFeedback> = {}): MailFeedback {
  return {
    kind: 'bounce',
    permanent: true,
    detail: 'Permanent/General',
    recipients: [PEOPLE.approver1],
    messageId: 'ses-message-1',
    feedbackId: 'feedback-1',
    at: '2030-08-01T02:00:00.000Z',
    visitId,
    notice: 'approvalRequest',
    ...patch,
  };
}

/** The host agency's administrator in the directory. */
const HOST_ADMIN = PEOPLE.hostAdmin;

describe('a bounce', () => {
  it('is recorded on the visit, in its hash chain, naming the address and the notice that did not arrive', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);

    await recordMailFeedback(bounceDeps(w), bounce(visitId));

    const events = await w.store.listEvents(visitId);
    const recorded = events.filter((e) => e.type === MAIL_BOUNCED);
    expect(recorded.map((e) => e.data)).toEqual([
      expect.objectContaining({ address: PEOPLE.approver1, notice: 'approvalRequest', permanent: true }),
    ]);
    expect(verifyChain(events).ok).toBe(true);
  });

  it("marks the address, and tells the requester and the address's agency's administrators, once", async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const deps = bounceDeps(w);
    const before = w.mailer.sent.length;

    const outcome = await recordMailFeedback(deps, bounce(visitId));

    expect(deps.marks).toEqual([
      expect.objectContaining({ address: PEOPLE.approver1, reason: 'bounce', visitId }),
    ]);
    const told = w.mailer.sent.slice(before);
    expect(told).toHaveLength(1);
    expect([...(told[0]?.to ?? [])].sort()).toEqual([PEOPLE.requester, HOST_ADMIN].sort());
    expect(told[0]?.tags).toEqual({ visitId, notice: BOUNCE_NOTICE });
    expect(outcome.told).toEqual([{ address: PEOPLE.approver1, to: told[0]?.to }]);
  });

  it('tells them in both languages, with the visit page as the link', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);

    await recordMailFeedback(bounceDeps(w), bounce(visitId));

    const mail = w.mailer.sent.at(-1);
    expect(mail?.subject).toMatch(/Thư không đến được người nhận: .* · Mail not delivered: /);
    expect(mail?.text).toContain('Kính gửi đồng chí');
    expect(mail?.text).toContain('did not reach');
    expect(mail?.text).toContain(`${PUBLIC_URL}/visits/${visitId}`);
    expect(mail?.text).toContain(PEOPLE.approver1);
  });

  it('delivered twice (or retried) records and tells nothing twice', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const deps = bounceDeps(w);
    const before = w.mailer.sent.length;

    await recordMailFeedback(deps, bounce(visitId));
    const again = await recordMailFeedback(deps, bounce(visitId));

    expect(again).toEqual({ recorded: [], told: [] });
    expect((await w.store.listEvents(visitId)).filter((e) => e.type === MAIL_BOUNCED)).toHaveLength(1);
    expect(w.mailer.sent.length - before).toBe(1);
  });

  it('of a later mail to the same address is recorded, but its people are told only once per visit', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const deps = bounceDeps(w);
    const before = w.mailer.sent.length;

    await recordMailFeedback(deps, bounce(visitId));
    await recordMailFeedback(deps, bounce(visitId, { feedbackId: 'feedback-2', notice: 'approvalReminder' }));

    expect((await w.store.listEvents(visitId)).filter((e) => e.type === MAIL_BOUNCED)).toHaveLength(2);
    expect(w.mailer.sent.length - before).toBe(1);
  });

  it('that is transient is recorded and told, but the address is not marked', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const deps = bounceDeps(w);

    const outcome = await recordMailFeedback(
      deps,
      bounce(visitId, { permanent: false, detail: 'Transient/MailboxFull' }),
    );

    expect(deps.marks).toEqual([]);
    expect(outcome.recorded).toEqual([PEOPLE.approver1]);
    expect(outcome.told).toHaveLength(1);
    expect(w.mailer.sent.at(-1)?.text).toContain('hộp thư đầy');
  });

  it("of the requester's own address tells the sending agency's administrators, and not the requester", async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const visit = (await w.store.getVisit(visitId))!;
    const { visiting } = await agenciesOf(w.deps, visit, w.clock.now());

    const outcome = await recordMailFeedback(
      bounceDeps(w),
      bounce(visitId, { recipients: [PEOPLE.requester] }),
    );

    expect(outcome.told[0]?.to).toEqual(
      (await administratorsOf(w.deps.directory, visiting)).map((p) => p.email.toLowerCase()),
    );
  });

  it('of the notice about a bounce is recorded and told to nobody', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const before = w.mailer.sent.length;

    const outcome = await recordMailFeedback(
      bounceDeps(w),
      bounce(visitId, { recipients: [HOST_ADMIN], notice: BOUNCE_NOTICE }),
    );

    expect(outcome).toEqual({ recorded: [HOST_ADMIN], told: [] });
    expect(w.mailer.sent.length).toBe(before);
  });

  it('of a mail sent for no visit (a sign-in invitation) only marks the address', async () => {
    const w = world();
    const deps = bounceDeps(w);
    const { visitId: _unused, ...noVisit } = bounce('');

    const outcome = await recordMailFeedback(deps, { ...noVisit, recipients: ['New.User@Example.gov.vn'] });

    expect(outcome).toEqual({ recorded: [], told: [] });
    expect(deps.marks.map((m) => m.address)).toEqual(['new.user@example.gov.vn']);
  });
});

describe('a complaint', () => {
  it('is recorded, marks the address and is told, as a bounce is', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const deps = bounceDeps(w);

    const outcome = await recordMailFeedback(deps, bounce(visitId, { kind: 'complaint', detail: 'abuse' }));

    expect(deps.marks[0]).toMatchObject({ reason: 'complaint', address: PEOPLE.approver1 });
    expect((await w.store.listEvents(visitId)).some((e) => e.type === MAIL_COMPLAINED)).toBe(true);
    expect(outcome.told).toHaveLength(1);
    expect(w.mailer.sent.at(-1)?.text).toContain('thư rác');
  });
});

describe('the delivery problems a visit shows', () => {
  it('are the latest report per address, from the chain', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);
    const deps = bounceDeps(w);
    await recordMailFeedback(deps, bounce(visitId, { permanent: false, detail: 'Transient/General' }));
    await recordMailFeedback(deps, bounce(visitId, { feedbackId: 'feedback-2', notice: 'approvalReminder' }));

    const problems = deliveryProblems(await w.store.listEvents(visitId));

    expect(problems).toEqual([
      expect.objectContaining({
        address: PEOPLE.approver1,
        kind: 'bounce',
        permanent: true,
        notice: 'approvalReminder',
      }),
    ]);
  });
});
