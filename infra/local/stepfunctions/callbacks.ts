/**
 * Callback waits: each task token an execution waits on, until SendTaskSuccess or SendTaskFailure settles it or
 * the application clock passes the state's deadline. A deadline fails the state with the library's own
 * `States.Timeout` error, so Retry on `States.TaskFailed` leaves it alone and a Catch on `States.Timeout` takes
 * it. Deadlines are checked on a poll and whenever the clock is moved. A token is never logged: log lines carry
 * its tag (`tokenTag`).
 */
import { createHash } from 'node:crypto';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { Outcome } from '#infra/local/stepfunctions/checkpoints.ts';
import { fatal, SfnServiceError } from '#infra/local/stepfunctions/errors.ts';
import type { Execution } from '#infra/local/stepfunctions/executions.ts';
import type { Positions } from '#infra/local/stepfunctions/positions.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface Waiter {
  token: string;
  exec: Execution;
  stateName: string;
  /** epoch ms on the application clock, or null */
  deadline: number | null;
  /** false until the checkpoint is written: a deadline cannot fire before, or the delete could precede the put */
  armed: boolean;
  /** being settled (by a callback or its deadline): the execution is about to move on */
  settling: boolean;
  resolve: (value: JsonValue) => void;
  reject: (err: Error) => void;
}

/** A short tag of a task token for log lines: enough to follow one wait, nothing to settle it with. */
export function tokenTag(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

const TOKEN_SHAPE = /^[A-Za-z0-9+/=_-]{1,1024}$/;

/** The library's States.Timeout error class is not exported: take it from a one-millisecond probe run. */
async function captureTimeoutError(): Promise<() => Error> {
  const fallback = () => Object.assign(new Error('States.Timeout'), { name: 'States.Timeout' });
  try {
    const probe = new StateMachine(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe',
            TimeoutSeconds: 0.001,
            End: true,
          },
        },
      },
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run(null, {
      overrides: {
        taskResourceLocalHandlers: { T: () => new Promise((res) => setTimeout(() => res(null), 20)) },
      },
    });
    await run.result;
  } catch (err) {
    const cause = err instanceof ExecutionError ? (err.cause as Error | undefined) : undefined;
    if (cause?.name === 'States.Timeout') {
      const Ctor = cause.constructor as new () => Error;
      return () => new Ctor();
    }
  }
  return fallback;
}

export interface Callbacks {
  /** waits on `token` from now; `armed` once its checkpoint is written */
  register(
    exec: Execution,
    stateName: string,
    token: string,
    deadline: number | null,
    armed: boolean,
  ): { waiter: Waiter; promise: Promise<JsonValue> };
  /** the waiter of `token`, if it still waits */
  get(token: string): Waiter | undefined;
  /** stops waiting on `token` without settling it */
  forget(token: string): void;
  /** stops every wait of `exec` (it was stopped), failing it with the stop error */
  drop(exec: Execution): void;
  /** the execution waits (is not busy) until the callback settles, then runs on */
  wait(exec: Execution, promise: Promise<JsonValue>): Promise<JsonValue>;
  /** claims an open token for settling; throws as the service does for anything else */
  claim(token: string): Waiter;
  /** records the outcome in the execution's position, then closes the token; a failed write leaves it open */
  settle(
    waiter: Waiter,
    outcome: { output: JsonValue } | { error: Error },
    timedOut?: boolean,
  ): Promise<void>;
  /** throws as the service does unless `token` is open; heartbeats are not enforced locally */
  heartbeat(token: string): void;
  /** times out every armed wait whose deadline the application clock has passed */
  checkDeadlines(): void;
  /** whether a callback is being settled: its execution is about to move on */
  settling(): boolean;
  /** the library's own States.Timeout error, with `message` */
  timeoutError(message: string): Promise<Error>;
  /** stops the poll and fails every wait; their checkpoints stay for the next start */
  stop(): void;
}

/** An outcome as the position keeps it: the output, or the error's name and message. */
export function outcomeOf(outcome: { output: JsonValue } | { error: Error }): Outcome {
  return 'output' in outcome
    ? { output: outcome.output }
    : { error: { name: outcome.error.name, message: outcome.error.message } };
}

export function createCallbacks(opts: {
  positions: Positions;
  now: () => Date;
  log: (msg: string, data?: object) => void;
  /** how often pending deadlines are checked, in ms */
  pollMs: number;
}): Callbacks {
  const { positions, now, log } = opts;
  const waiters = new Map<string, Waiter>();
  const timedOutTokens = new Set<string>();
  const makeTimeoutError = captureTimeoutError();
  let stopped = false;

  const checkShape = (token: string) => {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token))
      throw new SfnServiceError('InvalidToken', 'Invalid token');
    if (timedOutTokens.has(token)) throw new SfnServiceError('TaskTimedOut', 'Task Timed Out');
  };

  const settle: Callbacks['settle'] = async (waiter, outcome, timedOut = false) => {
    try {
      await positions.amend(waiter.exec.record.name, { outcome: outcomeOf(outcome) });
    } catch (err) {
      waiter.settling = false;
      throw err;
    }
    waiters.delete(waiter.token);
    if (timedOut) timedOutTokens.add(waiter.token);
    waiter.exec.busy = true;
    if ('output' in outcome) waiter.resolve(outcome.output);
    else waiter.reject(outcome.error);
  };

  const checkDeadlines = () => {
    if (stopped) return;
    const at = now().getTime();
    for (const waiter of waiters.values()) {
      if (!waiter.armed || waiter.settling || waiter.deadline === null || at < waiter.deadline) continue;
      waiter.settling = true;
      log('sfn: callback timed out', {
        execution: waiter.exec.record.name,
        state: waiter.stateName,
        token: tokenTag(waiter.token),
      });
      void makeTimeoutError
        .then((make) => {
          const err = make();
          err.message = `state ${waiter.stateName} timed out waiting for its callback`;
          return settle(waiter, { error: err }, true);
        })
        .catch((err) => log('sfn: could not time out a callback, will retry', { error: String(err) }));
    }
  };

  const poll = setInterval(checkDeadlines, opts.pollMs);
  poll.unref();

  return {
    register(exec, stateName, token, deadline, armed) {
      let resolve!: Waiter['resolve'];
      let reject!: Waiter['reject'];
      const promise = new Promise<JsonValue>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // a deadline can pass while the callback's Lambda still runs, before `wait` awaits: mark it handled here
      promise.catch(() => {});
      const waiter: Waiter = { token, exec, stateName, deadline, armed, settling: false, resolve, reject };
      waiters.set(token, waiter);
      return { waiter, promise };
    },

    get: (token) => waiters.get(token),
    forget: (token) => void waiters.delete(token),

    drop(exec) {
      for (const [token, waiter] of waiters) {
        if (waiter.exec !== exec) continue;
        waiters.delete(token);
        waiter.reject(fatal('States.Runtime', 'the execution was stopped'));
      }
    },

    async wait(exec, promise) {
      exec.busy = false;
      try {
        return await promise;
      } finally {
        exec.busy = true;
      }
    },

    claim(token) {
      checkShape(token);
      const waiter = waiters.get(token);
      if (!waiter || waiter.settling) throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist');
      waiter.settling = true;
      return waiter;
    },

    settle,

    heartbeat(token) {
      checkShape(token);
      if (!waiters.has(token)) throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    },

    checkDeadlines,
    settling: () => [...waiters.values()].some((w) => w.settling),

    async timeoutError(message) {
      const err = (await makeTimeoutError)();
      err.message = message;
      return err;
    },

    stop() {
      stopped = true;
      clearInterval(poll);
      for (const waiter of waiters.values())
        waiter.reject(fatal('States.Runtime', 'the local runtime stopped'));
      waiters.clear();
    },
  };
}
