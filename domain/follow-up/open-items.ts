/**
 * When the minutes are archived, each of their actions becomes an item (ArchiveVisit calls this after the ARCHIVED
 * event): stored once, its ACTION_CREATED event appended once, and its owner's link mailed at once when the owner
 * has mail. A mail that fails here is not the archive's failure: the item keeps its turn and the next reminder
 * sweep sends it.
 */

import { type Deps, SYSTEM } from '#domain/lifecycle.ts';
import { makeLinkToken, newNonce, tokenHash } from '#domain/links.ts';
import type { VisitEvent } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { type ActionItem, actionId, nextTurn } from './items.ts';
import { type FollowUpDeps, takeTurn } from './turns.ts';

export type OpenItemsDeps = FollowUpDeps & Pick<Deps, 'people'>;

/** The items made of the visit's minutes, as first stored (a retry makes the same ids and keeps what is there). */
async function newItems(deps: OpenItemsDeps, visit: Visit): Promise<ActionItem[]> {
  const actions = visit.minutes?.actions ?? [];
  const now = deps.clock.now().toISOString();
  const agencies = [visit.request.hostAgencyId, visit.request.visitingAgencyId];
  const key = await deps.links.current();
  return Promise.all(
    actions.map(async (a, i) => {
      const id = actionId(i);
      const person = a.ownerEmail ? await deps.people.personOf(a.ownerEmail, agencies) : undefined;
      const nonce = newNonce();
      const item: ActionItem = {
        visitId: visit.id,
        id,
        task: a.task,
        owner: a.owner,
        due: a.due,
        status: 'open',
        hostAgencyId: visit.request.hostAgencyId,
        visitingAgencyId: visit.request.visitingAgencyId,
        visitTitle: visit.request.title,
        language: visit.request.language,
        reminders: 0,
        version: 1,
        createdAt: now,
        updatedAt: now,
        ...(a.ownerEmail
          ? {
              ownerEmail: a.ownerEmail,
              ownerName: person?.name ?? a.owner,
              ...(person ? { ownerAgencyId: person.agencyId } : {}),
              keyId: key.id,
              nonce,
              tokenHash: tokenHash(
                makeLinkToken({ visitId: visit.id, approvalId: id, keyId: key.id, nonce }, key.key),
              ),
              pending: { kind: 'assigned' as const, at: now },
            }
          : {}),
      };
      return { ...item, nextAt: nextTurn(item)?.at };
    }),
  );
}

/**
 * Creates the visit's items and records each once; then mails each owner with mail their link. `events` is the
 * chain as read by the step (it must hold every ACTION_CREATED already recorded). Answers the items and how many
 * mails failed.
 */
export async function openActionItems(
  deps: OpenItemsDeps,
  visit: Visit,
  events: readonly VisitEvent[],
): Promise<{ items: ActionItem[]; mailFailures: number }> {
  if (!visit.minutes?.actions.length) return { items: [], mailFailures: 0 };
  const stored = new Map((await deps.actions.listActions(visit.id)).map((i) => [i.id, i]));
  for (const item of await newItems(deps, visit)) {
    if (stored.has(item.id)) continue;
    const created = await deps.actions.createAction(item);
    stored.set(item.id, created ? item : ((await deps.actions.getAction(visit.id, item.id)) ?? item));
  }
  const recorded = new Set(events.filter((e) => e.type === 'ACTION_CREATED').map((e) => e.data?.actionId));
  const items = [...stored.values()].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  for (const item of items) {
    if (recorded.has(item.id)) continue;
    await deps.store.appendEvent(visit.id, {
      type: 'ACTION_CREATED',
      actor: SYSTEM,
      data: {
        actionId: item.id,
        task: item.task,
        owner: item.owner,
        ...(item.ownerEmail ? { ownerEmail: item.ownerEmail } : {}),
        due: item.due,
      },
    });
  }
  let mailFailures = 0;
  for (const item of items) {
    try {
      await takeTurn(deps, item);
    } catch {
      // the item keeps its turn: the next sweep mails it
      mailFailures++;
    }
  }
  return { items, mailFailures };
}
