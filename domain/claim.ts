/**
 * Claim once: the one way the domain lets a person's answer (a decision, a revised request, recorded minutes, an
 * action marked done or reopened) or a timed turn (an action's reminder) happen exactly once, whoever clicks twice
 * or runs concurrently. dynalite has no transactions, so it is three single-item writes: claim with a short lease
 * (a conditional write only one caller wins), act, then confirm (the caller's own write, conditioned on its
 * claim). A failed act gives the claim back at once; a crashed one's lease lapses.
 */
import type { Clock } from './clock.ts';

/** How long a claim holds what it claims while its work is done; a crashed worker's claim lapses after it. */
export const CLAIM_LEASE_MS = 30_000;

export interface ClaimSteps<T, R> {
  /**
   * The conditional write that claims: it holds the thing until `leaseUntil` when it is free or its last lease
   * lapsed before `now`, and answers what it claimed; undefined when another caller holds it or it is closed.
   */
  take(leaseUntil: string, now: string): Promise<T | undefined>;
  /** Why it could not be claimed (the 409 or 410 the caller answers). */
  refused(): Promise<Error>;
  /** The work done while the claim is held. */
  act(claimed: T): Promise<R>;
  /** Gives the claim back after `act` failed, so the next try claims at once; answers the error to throw. */
  release(error: unknown, claimed: T): Promise<unknown>;
}

/** Claims, acts and answers what was claimed and what the act returned; the caller confirms with its own write. */
export async function claimOnce<T, R>(
  clock: Clock,
  steps: ClaimSteps<T, R>,
): Promise<{ claimed: T; result: R }> {
  const now = clock.now();
  const claimed = await steps.take(new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(), now.toISOString());
  if (claimed === undefined) throw await steps.refused();
  try {
    return { claimed, result: await steps.act(claimed) };
  } catch (e) {
    throw await steps.release(e, claimed);
  }
}
