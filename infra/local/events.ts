/**
 * The local stand-in for EventBridge: invokes the manifest's event functions on their triggers, with the event
 * EventBridge delivers, through the same handlers the stack deploys. A schedule runs once at start-up (after the
 * waiting executions are resumed), every `everyMinutes` of real time after, and whenever the application clock is
 * moved (locally, time can jump past what a schedule is for).
 */
import { randomUUID } from 'node:crypto';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#workflows/local-arns.ts';

export interface LocalEvents {
  /** runs every scheduled function once now (after a run already going, never beside it) */
  scheduled(): Promise<void>;
  /** no more runs; resolves when the one going has ended */
  stop(): Promise<void>;
}

/** What EventBridge delivers on a schedule. */
function scheduledEvent(fn: FunctionName, at: Date) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    time: at.toISOString(),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${fn}`],
    detail: {},
  };
}

export function startLocalEvents(opts: {
  invoke: (fn: FunctionName, event: unknown) => Promise<unknown>;
  log: (line: string) => void;
}): LocalEvents {
  const schedules = (Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]).filter(
    ([, spec]) => spec.kind === 'event' && spec.trigger && 'everyMinutes' in spec.trigger,
  );
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runAll = async () => {
    for (const [fn] of schedules) {
      if (stopped) return;
      try {
        await opts.invoke(fn, scheduledEvent(fn, new Date()));
      } catch (err) {
        opts.log(`[local] the scheduled ${fn} failed: ${String(err)}`);
      }
    }
  };
  const scheduled = () => {
    running = running.then(runAll);
    return running;
  };
  const timers = schedules.map(([, spec]) =>
    setInterval(() => void scheduled(), (spec.trigger?.everyMinutes ?? 5) * 60_000).unref(),
  );

  return {
    scheduled,
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await running;
    },
  };
}
