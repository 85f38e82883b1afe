/**
 * Holds: named points where the local runtime stops an execution and keeps it there, so a test can kill the process
 * (SIGKILL, or SIGTERM for a clean stop with work in flight) while every execution it cares about sits exactly at a
 * point, then start the runtime again on the same data and see what survives. Nothing but the local runtime knows of
 * them, and nothing holds unless `npm start` is given `LOCAL_HOLD` (the handlers never see it).
 *
 * A spec is a comma-separated list of `<point>*<count>`: the first `count` executions reaching the point are held
 * (count 1 when left out). The points:
 * - `start-execution`: a StartExecution received, nothing of the execution written yet (the caller waits);
 * - `before-task:<State>`: the Task state entered and its position checkpointed, its Lambda not invoked yet;
 * - `after-task:<State>`: the Task's Lambda returned, the state not yet left.
 * Each hold is announced on a line of its own: `[local] hold <point> <execution>`. A stop releases every hold
 * with the runtime's stop error, so the held runs end without going on.
 */
import { fatal } from '#infra/local/stepfunctions/errors.ts';

export interface Holds {
  /** resolves at once, unless this point holds: then it waits until the runtime stops (and throws then) */
  at(point: string, execution: string): Promise<void>;
  /** releases every hold with the stop error */
  release(): void;
}

export const NO_HOLDS: Holds = { at: async () => undefined, release: () => undefined };

const SPEC = /^(start-execution|(?:before|after)-task:[A-Za-z0-9_-]+)(?:\*(\d+))?$/;

/** The holds of `spec`; throws naming the entry that is not one. */
export function parseHolds(spec: string | undefined, announce: (line: string) => void): Holds {
  if (!spec?.trim()) return NO_HOLDS;
  const remaining = new Map<string, number>();
  for (const entry of spec.split(',').map((e) => e.trim())) {
    const m = SPEC.exec(entry);
    if (!m?.[1]) throw new Error(`LOCAL_HOLD: "${entry}" is not <point>[*<count>]`);
    remaining.set(m[1], (remaining.get(m[1]) ?? 0) + Number(m[2] ?? 1));
  }
  const held: ((err: Error) => void)[] = [];
  let released = false;
  return {
    async at(point, execution) {
      const left = remaining.get(point) ?? 0;
      if (left <= 0) return;
      remaining.set(point, left - 1);
      announce(`[local] hold ${point} ${execution}`);
      await new Promise<void>((_, reject) => {
        if (released) reject(fatal('States.Runtime', 'the local runtime stopped'));
        else held.push(reject);
      });
    },
    release() {
      released = true;
      for (const reject of held.splice(0)) reject(fatal('States.Runtime', 'the local runtime stopped'));
    },
  };
}
