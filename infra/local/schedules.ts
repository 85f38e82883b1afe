/**
 * The scheduled functions, locally: each runs on a timer of its manifest period (`everyMinutes`, real time, as
 * EventBridge Scheduler runs it in AWS), once at start, and whenever the application clock moves, so that a turn the
 * move brought due goes out before `POST /local/clock` answers. The handler is the one the stack deploys, invoked
 * with an empty event and a Lambda-like context; runs of one function never overlap (a run asked for meanwhile
 * follows the current one).
 */
import { FUNCTIONS, SCHEDULED_FUNCTIONS, type ScheduledFunctionName } from '#functions/manifest.ts';
import type { AnyHandler } from '#infra/local/handlers.ts';
import { lambdaContext } from '#infra/local/lambda-context.ts';

export interface LocalSchedules {
  /** runs every scheduled function now (the application clock moved) */
  clockChanged(): void;
  /** resolves when no run is going on or asked for */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startLocalSchedules(opts: {
  load: (fn: ScheduledFunctionName) => Promise<AnyHandler>;
  log?: (msg: string, data?: object) => void;
}): LocalSchedules {
  let stopped = false;
  const state = new Map<ScheduledFunctionName, { running?: Promise<void>; again: boolean }>();

  const run = (fn: ScheduledFunctionName): Promise<void> => {
    const s = state.get(fn) ?? { again: false };
    state.set(fn, s);
    if (s.running) {
      s.again = true;
      return s.running;
    }
    s.running = (async () => {
      do {
        s.again = false;
        if (stopped) break;
        try {
          const out = await (await opts.load(fn))({}, lambdaContext(fn));
          opts.log?.('schedule: run done', { fn, out });
        } catch (error) {
          // what a failed run left stays due for the next run, as in AWS
          opts.log?.('schedule: run failed', { fn, error: String(error) });
        }
      } while (s.again);
    })().finally(() => {
      s.running = undefined;
    });
    return s.running;
  };

  const runAll = () => {
    for (const fn of SCHEDULED_FUNCTIONS) void run(fn);
  };
  const timers = SCHEDULED_FUNCTIONS.map((fn) =>
    setInterval(() => void run(fn), (FUNCTIONS[fn].everyMinutes ?? 60) * 60_000).unref(),
  );
  runAll();

  return {
    clockChanged: runAll,
    async idle() {
      for (;;) {
        const running = [...state.values()].map((s) => s.running).filter(Boolean);
        if (running.length === 0) return;
        await Promise.all(running);
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all([...state.values()].map((s) => s.running));
    },
  };
}
