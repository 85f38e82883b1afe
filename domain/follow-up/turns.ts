/**
 * An action item's turns: its mail (the link when it is created, its reopening, the reminders) each sent once and
 * recorded in the visit's chain, and the one way an item changes (`changeAction`: read, change, write over the
 * version read, again on a race).
 */
import { randomUUID } from 'node:crypto';
import { type Agency, findAgency } from '#domain/agencies.ts';
import { claimOnce } from '#domain/claim.ts';
import { DomainError } from '#domain/errors.ts';
import { type Deps, linkFor, loadVisit, notice } from '#domain/lifecycle.ts';
import type { ActionStore, NoticeKind } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { type ActionItem, afterTurn, type Turn, turnDue } from './items.ts';

/** The ports the follow-up runs on. */
export type FollowUpDeps = Pick<
  Deps,
  'store' | 'actions' | 'clock' | 'mailer' | 'compose' | 'links' | 'publicUrl'
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

/** The visit and its agencies a turn's mail names; `visits` keeps them for the other items of one sweep. */
export type VisitCache = Map<string, Promise<{ visit: Visit; host: Agency; visiting: Agency }>>;

function visitOf(deps: FollowUpDeps, item: ActionItem, visits: VisitCache) {
  let found = visits.get(item.visitId);
  if (!found) {
    found = loadVisit(deps.store, item.visitId).then((visit) => {
      const host = findAgency(visit.request.hostAgencyId);
      const visiting = findAgency(visit.request.visitingAgencyId);
      if (!host || !visiting)
        throw new DomainError('AGENCY_MISSING', 500, {
          vi: 'Thiếu cấu hình cơ quan',
          en: 'Agency not configured',
        });
      return { visit, host, visiting };
    });
    found.catch(() => visits.delete(item.visitId));
    visits.set(item.visitId, found);
  }
  return found;
}

/**
 * Takes the item's turn that is due now, once, whoever else runs the same turn: claims it (a short lease), mails
 * the owner and records the turn's event, then moves the item to its next turn. A claim that finds a lapsed lease
 * (an attempt that crashed) reads the chain first, and does not mail or record again a turn that went out. Answers
 * the turn taken; undefined when none was due or another caller has it. A failed mail gives the turn back and
 * throws: the next sweep takes it.
 */
export async function takeTurn(
  deps: FollowUpDeps,
  item: ActionItem,
  visits: VisitCache = new Map(),
): Promise<Turn | undefined> {
  const now = deps.clock.now();
  const turn = turnDue(item, now);
  if (!turn) return undefined;
  let lease = '';
  let crashed = false;
  try {
    await claimOnce(deps.clock, {
      take: async (leaseUntil, at) => {
        lease = `${leaseUntil}#${randomUUID()}`;
        const { changed } = await changeAction(
          deps.actions,
          item.visitId,
          item.id,
          (current) => {
            const due = turnDue(current, now);
            if (!due || due.at !== turn.at || due.kind !== turn.kind) return undefined;
            if (current.turnLease && current.turnLease >= at) return undefined;
            crashed = Boolean(current.turnLease);
            return { ...current, turnLease: lease };
          },
          now,
        );
        return changed ? true : undefined;
      },
      refused: async () => new TurnTaken(),
      act: async () => {
        const event = turnEvent(item, turn);
        if (crashed) {
          const log = await deps.store.listEvents(item.visitId);
          const sent = log.some(
            (e) => e.type === event.type && e.data?.actionId === item.id && e.data?.turnAt === turn.at,
          );
          if (sent) return;
        }
        const { visit } = await visitOf(deps, item, visits);
        const recipient = { name: item.ownerName ?? item.owner, position: '', email: item.ownerEmail ?? '' };
        const overdueWeeks = turn.n;
        await notice(deps, NOTICE[turn.kind], visit, [recipient], {
          link: await actionLink(deps, item),
          action: {
            task: item.task,
            owner: item.owner,
            due: item.due,
            ...(item.reopenNote ? { reopenNote: item.reopenNote } : {}),
            turn: turn.kind,
            ...(overdueWeeks ? { overdueWeeks } : {}),
          },
          event,
        });
      },
      release: async (e) => {
        await changeAction(
          deps.actions,
          item.visitId,
          item.id,
          (current) => (current.turnLease === lease ? { ...current, turnLease: undefined } : undefined),
          now,
        );
        return e;
      },
    });
  } catch (e) {
    if (e instanceof TurnTaken) return undefined;
    throw e;
  }
  await changeAction(
    deps.actions,
    item.visitId,
    item.id,
    (current) =>
      current.turnLease === lease ? { ...afterTurn(current, turn, now), turnLease: undefined } : undefined,
    now,
  );
  return turn;
}
