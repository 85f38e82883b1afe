/**
 * An action item's turns: its mail (the link when it is created, its reopening, the reminders) each sent once and
 * recorded in the visit's chain, and the one way an item changes (`changeAction`: read, change, write over the
 * version read, again on a race).
 */
import { randomUUID } from 'node:crypto';
import { claimOnce } from '#domain/claim.ts';
import { DomainError } from '#domain/errors.ts';
import { type Deps, linkFor, loadVisit, notice } from '#domain/lifecycle.ts';
import type { ActionStore, NoticeKind } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { type ActionItem, afterTurn, type Turn, turnDue } from './items.ts';

/** The ports the follow-up runs on. */
export type FollowUpDeps = Pick<
  Deps,
  'store' | 'actions' | 'clock' | 'mailer' | 'compose' | 'links' | 'publicUrl' | 'directory'
>;

const WRITE_ATTEMPTS = 10;

/**
 * Changes an item: reads it, applies `change` (undefined leaves it as it is) and writes the result over the version
 * it read; a write that came between makes it read and decide again. Answers the item as stored after, and whether
 * this call changed it.
 */
export async function changeAction(
  actions: ActionStore,
  visitId: string,
  id: string,
  change: (current: ActionItem) => ActionItem | undefined,
  now: Date,
): Promise<{ item: ActionItem | undefined; changed: boolean }> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await actions.getAction(visitId, id);
    if (!current) return { item: undefined, changed: false };
    const next = change(current);
    if (!next) return { item: current, changed: false };
    const written: ActionItem = { ...next, version: current.version + 1, updatedAt: now.toISOString() };
    if (await actions.replaceAction(written)) return { item: written, changed: true };
  }
  throw new DomainError('ACTION_BUSY', 503, {
    vi: 'Nhiệm vụ đang được cập nhật, vui lòng thử lại',
    en: 'The action item is being updated; try again',
  });
}

/** Someone else is taking this turn (or it is no longer due): nothing to do here. */
class TurnTaken extends Error {}

const NOTICE: Record<Turn['kind'], NoticeKind> = {
  assigned: 'actionAssigned',
  reopened: 'actionReopened',
  before: 'actionReminder',
  due: 'actionReminder',
  overdue: 'actionReminder',
};

/** The event that records a turn: the link mailed (or the reopening told), or a reminder. */
function turnEvent(item: ActionItem, turn: Turn) {
  const data = {
    actionId: item.id,
    turn: turn.kind,
    turnAt: turn.at,
    ...(turn.n ? { n: turn.n } : {}),
  };
  return turn.kind === 'assigned' || turn.kind === 'reopened'
    ? { type: 'ACTION_MAILED', data }
    : { type: 'ACTION_REMINDED', data };
}

/** The link an item's owner acts through: `<publicUrl>/actions/<token>`. */
export async function actionLink(deps: Pick<FollowUpDeps, 'links' | 'publicUrl'>, item: ActionItem) {
  const token = await linkFor(deps, {
    visitId: item.visitId,
    id: item.id,
    keyId: item.keyId ?? '',
    nonce: item.nonce ?? '',
  });
  return `${deps.publicUrl}/actions/${token}`;
}

/** The visits the turns of one sweep name in their mail, each read once. */
export type VisitCache = Map<string, Promise<Visit>>;

function visitOf(deps: FollowUpDeps, item: ActionItem, visits: VisitCache): Promise<Visit> {
  let found = visits.get(item.visitId);
  if (!found) {
    found = loadVisit(deps.store, item.visitId);
    found.catch(() => visits.delete(item.visitId));
    visits.set(item.visitId, found);
  }
  return found;
}

/** Which of an item's leases a claim holds: a turn's (its mail), or a person's answer (done, reopened). */
export type ActionLease = 'turnLease' | 'answerLease';

/**
 * Does `act` once for an item, whoever else tries at the same time (domain/claim.ts): claims the item while `may`
 * holds of it and its `lease` is free or lapsed, acts, then writes what `after` makes of the item as it stands
 * (releasing the lease). `act` hears whether the claim found a lapsed lease: an attempt that crashed, whose effects
 * it looks for in the chain before doing them again. A failed act releases the lease and throws. Answers the item as
 * written (undefined when it is gone).
 */
export async function claimAction(
  deps: Pick<FollowUpDeps, 'actions' | 'clock'>,
  item: ActionItem,
  opts: {
    lease: ActionLease;
    may: (current: ActionItem) => boolean;
    refused: () => Promise<Error>;
    act: (crashed: boolean) => Promise<void>;
    after: (current: ActionItem, now: Date) => ActionItem;
  },
): Promise<ActionItem | undefined> {
  const now = deps.clock.now();
  const change = (f: (current: ActionItem) => ActionItem | undefined) =>
    changeAction(deps.actions, item.visitId, item.id, f, now);
  let lease = '';
  let crashed = false;
  await claimOnce(deps.clock, {
    take: async (leaseUntil, at) => {
      lease = `${leaseUntil}#${randomUUID()}`;
      const { changed } = await change((current) => {
        const held = current[opts.lease];
        if (!opts.may(current) || (held && held >= at)) return undefined;
        crashed = Boolean(held);
        return { ...current, [opts.lease]: lease };
      });
      return changed ? true : undefined;
    },
    refused: opts.refused,
    act: () => opts.act(crashed),
    release: async (e) => {
      await change((current) =>
        current[opts.lease] === lease ? { ...current, [opts.lease]: undefined } : undefined,
      );
      return e;
    },
  });
  const { item: written } = await change((current) =>
    current[opts.lease] === lease ? { ...opts.after(current, now), [opts.lease]: undefined } : undefined,
  );
  return written;
}

/**
 * Takes the item's turn that is due now, once, whoever else runs the same turn: claims it, mails the owner and
 * records the turn's event, then moves the item to its next turn. After a crash it does not mail or record again a
 * turn the chain shows went out. Answers the turn taken; undefined when none was due or another caller has it. A
 * failed mail gives the turn back and throws: the next sweep takes it.
 */
export async function takeTurn(
  deps: FollowUpDeps,
  item: ActionItem,
  visits: VisitCache = new Map(),
): Promise<Turn | undefined> {
  const now = deps.clock.now();
  const turn = turnDue(item, now);
  if (!turn) return undefined;
  const event = turnEvent(item, turn);
  try {
    await claimAction(deps, item, {
      lease: 'turnLease',
      may: (current) => {
        const due = turnDue(current, now);
        return due?.at === turn.at && due.kind === turn.kind;
      },
      refused: async () => new TurnTaken(),
      act: async (crashed) => {
        if (crashed) {
          const log = await deps.store.listEvents(item.visitId);
          const sent = log.some(
            (e) => e.type === event.type && e.data?.actionId === item.id && e.data?.turnAt === turn.at,
          );
          if (sent) return;
        }
        const recipient = { name: item.ownerName ?? item.owner, position: '', email: item.ownerEmail ?? '' };
        await notice(deps, NOTICE[turn.kind], await visitOf(deps, item, visits), [recipient], {
          link: await actionLink(deps, item),
          action: {
            task: item.task,
            owner: item.owner,
            due: item.due,
            ...(item.reopenNote ? { reopenNote: item.reopenNote } : {}),
            turn: turn.kind,
            ...(turn.n ? { overdueWeeks: turn.n } : {}),
          },
          event,
        });
      },
      after: (current) => afterTurn(current, turn, now),
    });
  } catch (e) {
    if (e instanceof TurnTaken) return undefined;
    throw e;
  }
  return turn;
}
