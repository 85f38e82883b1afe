/**
 * The local stand-in for EventBridge: invokes the manifest's event functions on their triggers, with the event
 * EventBridge delivers, through the same handlers the stack deploys. A schedule runs once at start-up (after the
 * waiting executions are resumed), every `everyMinutes` of real time after, and whenever the application clock is
 * moved (locally, time can jump past what a schedule is for); an execution's end is delivered as it is recorded; a
 * bounce or complaint (which the mail emulator never makes) is delivered when one is posted to the runtime, as SES
 * publishes it, and a failure is answered to the poster (on AWS it is retried, then dead-lettered).
 */
import { randomUUID } from 'node:crypto';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import type { ExecutionDescription } from '#infra/local/stepfunctions/runtime.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#workflows/local-arns.ts';

export interface LocalEvents {
  /** runs every scheduled function once now (after a run already going, never beside it) */
  scheduled(): Promise<void>;
  /** delivers an execution's end to the functions whose trigger names its status */
  executionEnded(execution: ExecutionDescription): void;
  /** delivers SES's event of a bounce or a complaint to the functions that hear them; rejects as they fail */
  mailFeedback(event: unknown): Promise<void>;
  /**
   * no more scheduled runs; resolves when the one going and every delivery have ended. An execution's end told
   * after it is still delivered (the runs stop after the events), and a later stop waits for it.
   */
  stop(): Promise<void>;
}

/** What EventBridge delivers when an execution of the state machine changes status. */
function statusChangeEvent(e: ExecutionDescription) {
  const at = e.stopDate ?? new Date();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: LOCAL_ACCOUNT,
    time: at.toISOString(),
    region: LOCAL_REGION,
    resources: [e.executionArn],
    detail: {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate.getTime(),
      stopDate: at.getTime(),
      input: e.input,
      output: e.output ?? null,
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    },
  };
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
  const triggered = (Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]).flatMap(([fn, spec]) =>
    spec.kind === 'event' && spec.trigger ? [{ fn, trigger: spec.trigger }] : [],
  );
  const schedules = triggered.flatMap(({ fn, trigger }) =>
    'everyMinutes' in trigger ? [{ fn, minutes: trigger.everyMinutes }] : [],
  );
  const onEnd = triggered.flatMap(({ fn, trigger }) =>
    'executionEnded' in trigger ? [{ fn, statuses: trigger.executionEnded as readonly string[] }] : [],
  );
  const onMailFeedback = triggered.flatMap(({ fn, trigger }) => ('mailFeedback' in trigger ? [fn] : []));
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runAll = async (which: readonly { fn: FunctionName }[]) => {
    for (const { fn } of which) {
      if (stopped) return;
      try {
        await opts.invoke(fn, scheduledEvent(fn, new Date()));
      } catch (err) {
        opts.log(`[local] the scheduled ${fn} failed: ${String(err)}`);
      }
    }
  };
  /** runs the given schedules (all of them unless told) after the run going, never beside it */
  const scheduled = (which: readonly { fn: FunctionName }[] = schedules) => {
    running = running.then(() => runAll(which));
    return running;
  };
  // each schedule on its own period
  const timers = schedules.map((s) => setInterval(() => void scheduled([s]), s.minutes * 60_000).unref());
  let delivering: Promise<unknown> = Promise.resolve();

  return {
    scheduled: () => scheduled(),
    executionEnded(execution) {
      for (const { fn } of onEnd.filter(({ statuses }) => statuses.includes(execution.status))) {
        const delivery = opts
          .invoke(fn, statusChangeEvent(execution))
          .catch((err) => opts.log(`[local] ${fn} failed on ${execution.name}: ${String(err)}`));
        delivering = Promise.all([delivering, delivery]);
      }
    },
    async mailFeedback(event) {
      for (const fn of onMailFeedback) await opts.invoke(fn, event);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await running;
      // deliveries may be added while one is awaited: wait until none is left
      for (let last: unknown; last !== delivering; ) {
        last = delivering;
        await delivering;
      }
    },
  };
}
