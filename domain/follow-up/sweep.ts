/**
 * The reminder sweep: one scheduled run takes every turn that has come (an index query for the open items whose
 * next turn is due, a page at a time) and stops early when its time runs short; whatever it leaves, or fails to
 * mail, the next run takes. No item holds a waiting execution: between runs an item is one row of the table.
 */
import type { ActionItem } from './items.ts';
import { type FollowUpDeps, takeTurn, type VisitCache } from './turns.ts';

export interface SweepResult {
  /** items whose turn had come */
  due: number;
  /** turns taken (mail sent and recorded) */
  sent: number;
  /** turns another run took first, or that were no longer due */
  skipped: number;
  /** turns whose mail failed: given back for the next run */
  failed: number;
  /** the run stopped before reading every due item (its time ran short) */
  stoppedEarly: boolean;
}

/** How many due items one index query reads. */
const PAGE = 100;

/**
 * Takes every due turn. `timeLeft` says how many milliseconds the run may still use; it stops reading further
 * pages below `reserveMs`. `onFailure` hears of each failed turn (the entry logs it).
 */
export async function sweepReminders(
  deps: FollowUpDeps,
  opts: {
    timeLeft?: () => number;
    reserveMs?: number;
    onFailure?: (item: ActionItem, error: unknown) => void;
  } = {},
): Promise<SweepResult> {
  const result: SweepResult = { due: 0, sent: 0, skipped: 0, failed: 0, stoppedEarly: false };
  const visits: VisitCache = new Map();
  const reserve = opts.reserveMs ?? 15_000;
  const now = deps.clock.now().toISOString();
  let cursor: string | undefined;
  do {
    if (opts.timeLeft && opts.timeLeft() < reserve) {
      result.stoppedEarly = true;
      break;
    }
    const page = await deps.actions.dueActions(now, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      result.due++;
      try {
        if (await takeTurn(deps, item, visits)) result.sent++;
        else result.skipped++;
      } catch (e) {
        result.failed++;
        opts.onFailure?.(item, e);
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}
