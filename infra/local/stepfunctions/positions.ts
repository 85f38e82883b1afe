/**
 * Where each running execution is, written to the checkpoint store as it moves (`checkpoints.ts` says what a
 * checkpoint holds and how a restart uses it). The writes of one execution go out one after another, in the order
 * they were made, each carrying the whole position as it then was: a wait settled while its task's "done" is
 * still being written cannot lose its outcome to it.
 */
import type { Checkpoint, CheckpointStore } from '#infra/local/stepfunctions/checkpoints.ts';

export interface Positions {
  /** the execution entered the state of `cp`: its position from now */
  at(name: string, cp: Checkpoint): Promise<void>;
  /** adds what happened in the current state (its task returned, its wait settled) to the position */
  amend(name: string, patch: Pick<Checkpoint, 'taskDone' | 'outcome'>): Promise<void>;
  /** the execution ended: no position left */
  clear(name: string): Promise<void>;
}

export function createPositions(store: CheckpointStore): Positions {
  const current = new Map<string, { cp?: Checkpoint; writes: Promise<unknown> }>();

  /** runs `write` after every earlier write of the execution; its own failure is the caller's */
  const queue = (name: string, write: () => Promise<void>): Promise<void> => {
    const entry = current.get(name) ?? { writes: Promise.resolve() };
    current.set(name, entry);
    const done = entry.writes.then(write);
    entry.writes = done.catch(() => undefined);
    return done;
  };

  return {
    at(name, cp) {
      const snapshot = structuredClone(cp);
      const entry = current.get(name) ?? { writes: Promise.resolve() };
      current.set(name, { ...entry, cp: snapshot });
      return queue(name, () => store.put(name, snapshot));
    },

    amend(name, patch) {
      const entry = current.get(name);
      if (!entry?.cp) return Promise.resolve();
      const snapshot: Checkpoint = { ...entry.cp, ...structuredClone(patch) };
      entry.cp = snapshot;
      return queue(name, () => store.put(name, snapshot));
    },

    clear(name) {
      return queue(name, async () => {
        await store.delete(name);
        current.delete(name);
      });
    },
  };
}
