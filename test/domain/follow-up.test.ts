/**
 * Action items on in-memory ports: when the turns fall, which one a run takes when several have come, and that each
 * turn and each answer happens once, whoever runs it concurrently, after a failed mail or a crash in between.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '#domain/claim.ts';
import { ActionStateError, ValidationError } from '#domain/errors.ts';
import { markDone, reopenAction } from '#domain/follow-up/answers.ts';
import {
  type ActionItem,
  afterTurn,
  NOTE_MAX,
  nextTurn,
  readNote,
  reminderTurns,
  turnDue,
} from '#domain/follow-up/items.ts';
import { sweepReminders } from '#domain/follow-up/sweep.ts';
import { takeTurn } from '#domain/follow-up/turns.ts';
import { archiveVisit } from '#domain/steps/archive-visit.ts';
import { decide } from '#domain/steps/decide.ts';
import { seedMinutes } from '#infra/local/seed-visit.ts';
import { answered, awaitingSignOff, eventsOf, PEOPLE, VISIT_DAY, type World, world } from './fixtures.ts';

const OWNER = PEOPLE.hostStaff;

/** The seed visit archived with two actions: one owner with mail (due in three weeks), one without. */
async function archived(w: World): Promise<string> {
  const { visitId, wait } = await awaitingSignOff(w);
  const visit = await w.store.getVisit(visitId);
  if (!visit?.minutes) throw new Error('no minutes');
  await w.store.updateVisit(visitId, visit.version, {
    minutes: {
      ...seedMinutes(VISIT_DAY),
      actions: [
        { task: 'Gửi tài liệu', owner: 'Văn phòng Ban', ownerEmail: OWNER, due: '2030-09-14' },
        { task: 'Chuẩn bị đoàn đáp lễ', owner: 'Phòng Tuyên truyền', due: '2030-09-30' },
      ],
    },
  });
  await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.chair) });
  await archiveVisit({ ...w.deps, archive: w.archive, retentionDays: 3650 }, visitId);
  return visitId;
}

const get = async (w: World, visitId: string, id: string) =>
  (await w.actions.getAction(visitId, id)) as ActionItem;
const toOwner = (w: World) => w.mailer.sent.filter((m) => m.to.includes(OWNER));

describe('the turns of an item', () => {
  it('fall at 08:00 Vietnam time three days before the due date, on it, and weekly four times after it', () => {
    expect(reminderTurns('2030-09-14').map((t) => [t.kind, t.at, t.n])).toEqual([
      ['before', '2030-09-11T01:00:00.000Z', undefined],
      ['due', '2030-09-14T01:00:00.000Z', undefined],
      ['overdue', '2030-09-21T01:00:00.000Z', 1],
      ['overdue', '2030-09-28T01:00:00.000Z', 2],
      ['overdue', '2030-10-05T01:00:00.000Z', 3],
      ['overdue', '2030-10-12T01:00:00.000Z', 4],
    ]);
  });

  it('take the latest that has come and pass over the older ones; none for a done item or an owner without mail', () => {
    const item = {
      status: 'open',
      ownerEmail: OWNER,
      due: '2030-09-14',
      reminders: 0,
      remindedThrough: '2030-08-24T05:00:00.000Z',
    } as ActionItem;
    expect(nextTurn(item)?.kind).toBe('before');
    const late = new Date('2030-09-22T00:00:00.000Z');
    expect(turnDue(item, late)).toMatchObject({ kind: 'overdue', n: 1 });
    const after = afterTurn(item, turnDue(item, late)!, late);
    expect(after).toMatchObject({ reminders: 1, nextAt: '2030-09-28T01:00:00.000Z' });
    expect(turnDue(after, late)).toBeUndefined();
    expect(nextTurn({ ...item, status: 'done' })).toBeUndefined();
    expect(nextTurn({ ...item, ownerEmail: undefined })).toBeUndefined();
    expect(nextTurn({ ...item, remindedThrough: '2030-10-12T01:00:00.000Z' })).toBeUndefined();
  });

  it('ask for a note, of at most NOTE_MAX characters, when an item is answered', () => {
    expect(readNote({ note: '  Đã gửi.  ' })).toBe('Đã gửi.');
    for (const bad of [{}, { note: ' ' }, { note: 'x'.repeat(NOTE_MAX + 1) }, { note: 3 }])
      expect(() => readNote(bad)).toThrow(ValidationError);
  });
});

describe('items of archived minutes', () => {
  it('are created once, recorded once, and the owner with mail gets the link at once', async () => {
    const w = world();
    const visitId = await archived(w);
    await archiveVisit({ ...w.deps, archive: w.archive, retentionDays: 3650 }, visitId);
    const items = await w.actions.listActions(visitId);
    expect(items.map((i) => [i.id, i.status, i.ownerEmail, i.nextAt !== undefined])).toEqual([
      ['a1', 'open', OWNER, true],
      ['a2', 'open', undefined, false],
    ]);
    const events = await eventsOf(w, visitId);
    expect(events.filter((e) => e === 'ACTION_CREATED')).toHaveLength(2);
    expect(events.filter((e) => e === 'ACTION_MAILED')).toHaveLength(1);
    expect(toOwner(w)).toHaveLength(1);
    expect(toOwner(w)[0]?.text).toMatch(/https:\/\/visits\.example\/actions\/\S+/);
  });

  it('are reminded once per turn however many sweeps run at once', async () => {
    const w = world();
    const visitId = await archived(w);
    w.clock.set('2030-09-11T02:00:00.000Z');
    const results = await Promise.all([
      sweepReminders(w.deps),
      sweepReminders(w.deps),
      sweepReminders(w.deps),
    ]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(toOwner(w).map((m) => m.subject)).toEqual([
      expect.stringMatching(/Nhiệm vụ được phân công/),
      expect.stringMatching(/\[Nhắc việc\] Nhiệm vụ đến hạn ngày 14\/09\/2030/),
    ]);
    expect((await eventsOf(w, visitId)).filter((e) => e === 'ACTION_REMINDED')).toHaveLength(1);
  });

  it('keep a turn whose mail failed for the next sweep', async () => {
    const w = world();
    const visitId = await archived(w);
    w.clock.set('2030-09-14T02:00:00.000Z');
    const sent = w.mailer.send.bind(w.mailer);
    let fail = true;
    w.mailer.send = async (mail) => {
      if (fail) throw new Error('throttled');
      return sent(mail);
    };
    const first = await sweepReminders(w.deps);
    expect(first).toMatchObject({ due: 1, sent: 0, failed: 1 });
    expect((await get(w, visitId, 'a1')).turnLease).toBeUndefined();
    fail = false;
    expect(await sweepReminders(w.deps)).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect((await get(w, visitId, 'a1')).reminders).toBe(1);
  });

  it('do not mail or record a turn again after a crash between its event and its write', async () => {
    const w = world();
    const visitId = await archived(w);
    w.clock.set('2030-09-14T02:00:00.000Z');
    const replace = w.actions.replaceAction.bind(w.actions);
    let writes = 0;
    w.actions.replaceAction = async (item) => {
      writes++;
      // the second write of the turn is the one after the mail: the process dies there
      if (writes === 2) throw new Error('the process died');
      return replace(item);
    };
    await expect(takeTurn(w.deps, await get(w, visitId, 'a1'))).rejects.toThrow('the process died');
    expect(toOwner(w)).toHaveLength(2);
    w.clock.advance(CLAIM_LEASE_MS + 1000);
    expect(await takeTurn(w.deps, await get(w, visitId, 'a1'))).toMatchObject({ kind: 'due' });
    expect(toOwner(w)).toHaveLength(2);
    expect((await eventsOf(w, visitId)).filter((e) => e === 'ACTION_REMINDED')).toHaveLength(1);
    const after = await get(w, visitId, 'a1');
    expect(after.reminders).toBe(1);
    expect(after.turnLease).toBeUndefined();
  });
});

describe('answers', () => {
  it('mark an item done once, whoever posts twice at the same time', async () => {
    const w = world();
    const visitId = await archived(w);
    const item = await get(w, visitId, 'a1');
    const by = { email: OWNER, via: 'link' as const };
    const outcomes = await Promise.allSettled([
      markDone(w.deps, item, { note: 'một' }, by),
      markDone(w.deps, item, { note: 'hai' }, by),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ActionStateError);
    expect((await eventsOf(w, visitId)).filter((e) => e === 'ACTION_DONE')).toHaveLength(1);
    const done = await get(w, visitId, 'a1');
    expect(done).toMatchObject({ status: 'done', doneBy: OWNER });
    expect(done.nextAt).toBeUndefined();
  });

  it('reopen a done item, tell its owner at once, and answer 409 to a reopening of an open one', async () => {
    const w = world();
    const visitId = await archived(w);
    const done = await markDone(
      w.deps,
      await get(w, visitId, 'a1'),
      { note: 'xong' },
      { email: OWNER, via: 'link' },
    );
    const reopened = await reopenAction(w.deps, done, { note: 'chưa đủ' }, { email: PEOPLE.secretary });
    // the owner was told at once: nothing is pending, and the next turn is a reminder
    expect(reopened).toMatchObject({ status: 'open', reopenNote: 'chưa đủ' });
    expect(reopened.pending).toBeUndefined();
    expect(toOwner(w).at(-1)?.subject).toMatch(/Nhiệm vụ được mở lại/);
    await expect(
      reopenAction(w.deps, reopened, { note: 'lại' }, { email: PEOPLE.secretary }),
    ).rejects.toBeInstanceOf(ActionStateError);
  });
});
