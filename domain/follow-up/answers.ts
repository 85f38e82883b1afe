/**
 * What people answer about an action item: its owner marks it done through the mailed link (the link is the
 * credential, as an approval's: opaque, bound to the item and its owner, GET changes nothing), the host secretary
 * marks it done for an owner without mail, or reopens it. Each answer carries a note, is recorded once in the
 * visit's chain (ACTION_DONE, ACTION_REOPENED) and happens once however often it is posted (domain/claim.ts): of two
 * posts on one link, one answers 200 and the other 409.
 */
import { ActionNotFoundError, ActionStateError, LinkNotFoundError } from '#domain/errors.ts';
import { tokenHash, verifiedClaims } from '#domain/links.ts';
import type { ActionStore, LinkKeys, NewEvent, VisitEvent } from '#domain/ports.ts';
import { type ActionItem, nextTurn, readNote } from './items.ts';
import { claimAction, type FollowUpDeps, takeTurn } from './turns.ts';

/** The item a link token stands for; LinkNotFoundError (404) for anything forged, unknown or no longer its link. */
export async function resolveActionLink(
  deps: { actions: ActionStore; links: LinkKeys },
  token: string,
): Promise<ActionItem> {
  const claims = await verifiedClaims(deps.links, token);
  if (!claims) throw new LinkNotFoundError();
  const item = await deps.actions.getAction(claims.visitId, claims.approvalId);
  if (!item?.tokenHash || item.tokenHash !== tokenHash(token)) throw new LinkNotFoundError();
  return item;
}

/** An item of a visit, or ActionNotFoundError. */
export async function loadAction(actions: ActionStore, visitId: string, id: string): Promise<ActionItem> {
  const item = await actions.getAction(visitId, id);
  if (!item) throw new ActionNotFoundError();
  return item;
}

/** The 409 an item answers when it is not `wanted`. */
export function assertStatus(item: ActionItem, wanted: ActionItem['status']): void {
  if (item.status === wanted) return;
  throw item.status === 'done'
    ? new ActionStateError('done', {
        ...(item.doneBy ? { doneBy: item.doneBy } : {}),
        ...(item.doneAt ? { doneAt: item.doneAt } : {}),
      })
    : new ActionStateError('open');
}

/** Who answers, and how: the owner through the link, or the host secretary signed in. */
export interface Answerer {
  email: string;
  /** their name as the item or the directory has it, kept for the pages (which show no addresses) */
  name?: string;
  via: 'link' | 'secretary';
}

/**
 * One answer, once: claims the item while it is `from`, records the event, then writes the item as `to` makes it.
 * After a crash it does not record the same answer again.
 */
async function answer(
  deps: Pick<FollowUpDeps, 'actions' | 'store' | 'clock'>,
  item: ActionItem,
  from: ActionItem['status'],
  event: NewEvent & { data: { actionId: string } },
  to: (current: ActionItem, now: Date) => ActionItem,
): Promise<ActionItem> {
  const written = await claimAction(deps, item, {
    lease: 'answerLease',
    may: (current) => current.status === from,
    refused: async () => {
      const fresh = await loadAction(deps.actions, item.visitId, item.id);
      assertStatus(fresh, from);
      // the same status, held by another answer being recorded right now
      return from === 'open' ? new ActionStateError('done') : new ActionStateError('open');
    },
    act: async (crashed) => {
      if (crashed && answered(await deps.store.listEvents(item.visitId), item.id, event.type)) return;
      await deps.store.appendEvent(item.visitId, event);
    },
    after: to,
  });
  return written ?? item;
}

/** Whether the item's last answer in the chain is of `type` (recorded by an attempt that crashed after it). */
function answered(log: readonly VisitEvent[], actionId: string, type: string): boolean {
  const last = log
    .filter(
      (e) => e.data?.actionId === actionId && (e.type === 'ACTION_DONE' || e.type === 'ACTION_REOPENED'),
    )
    .pop();
  return last?.type === type;
}

/** Marks an open item done with the answerer's note. */
export async function markDone(
  deps: Pick<FollowUpDeps, 'actions' | 'store' | 'clock'>,
  item: ActionItem,
  input: unknown,
  by: Answerer,
): Promise<ActionItem> {
  assertStatus(item, 'open');
  const note = readNote(input);
  return answer(
    deps,
    item,
    'open',
    { type: 'ACTION_DONE', actor: by.email, data: { actionId: item.id, note, via: by.via } },
    (current, now) => ({
      ...current,
      status: 'done',
      doneAt: now.toISOString(),
      doneBy: by.email,
      ...(by.name ? { doneByName: by.name } : {}),
      note,
      pending: undefined,
      nextAt: undefined,
    }),
  );
}

/**
 * Reopens a done item (the host secretary), with the reason; its owner, when they have mail, is told at once with
 * their link (a failed mail is left to the next sweep) and reminded again on the remaining days.
 */
export async function reopenAction(
  deps: FollowUpDeps,
  item: ActionItem,
  input: unknown,
  by: { email: string },
): Promise<ActionItem> {
  assertStatus(item, 'done');
  const note = readNote(input);
  const reopened = await answer(
    deps,
    item,
    'done',
    { type: 'ACTION_REOPENED', actor: by.email, data: { actionId: item.id, note } },
    (current, now) => {
      const at = now.toISOString();
      const next: ActionItem = {
        ...current,
        status: 'open',
        doneAt: undefined,
        doneBy: undefined,
        doneByName: undefined,
        note: undefined,
        reopenedAt: at,
        reopenedBy: by.email,
        reopenNote: note,
        ...(current.ownerEmail ? { pending: { kind: 'reopened' as const, at } } : {}),
      };
      return { ...next, nextAt: nextTurn(next)?.at };
    },
  );
  await takeTurn(deps, reopened).catch(() => undefined);
  return (await deps.actions.getAction(item.visitId, item.id)) ?? reopened;
}
