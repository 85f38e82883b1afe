/**
 * Runs of the definition on aws-local-stepfunctions, one per execution in this process: from the start, or, after
 * a restart, from the state its checkpoint names (`checkpoints.ts`). Every Task gets a local handler, so the library
 * never calls AWS: a Lambda Task checkpoints its position and raw input, then invokes the function; a callback Task
 * (`lambda:invoke.waitForTaskToken`) mints the task token, checkpoints the wait, invokes the function, records that
 * it returned, and waits (`callbacks.ts`). A resumed callback state waits again on the token and deadline of its
 * checkpoint, invoking its function again only if it had not returned, or goes on with the outcome it was settled
 * with. The run's end is recorded on the execution, and its checkpoint goes.
 *
 * A stop lets no new Task start, and lets the Lambdas already running finish before the runs are ended
 * (`settle()`), so a clean stop leaves each execution at a checkpoint with nothing half-done behind it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { type Callbacks, type JsonValue, tokenTag } from '#infra/local/stepfunctions/callbacks.ts';
import type { Checkpoint, Outcome } from '#infra/local/stepfunctions/checkpoints.ts';
import type { PreparedDefinition, TaskInfo } from '#infra/local/stepfunctions/definition.ts';
import { fatal } from '#infra/local/stepfunctions/errors.ts';
import type { Execution, Executions } from '#infra/local/stepfunctions/executions.ts';
import { recordHistory } from '#infra/local/stepfunctions/history.ts';
import type { Holds } from '#infra/local/stepfunctions/holds.ts';
import type { Positions } from '#infra/local/stepfunctions/positions.ts';

type AslDefinition = ConstructorParameters<typeof StateMachine>[0];
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;
type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

export interface RunsOptions {
  prepared: PreparedDefinition;
  stateMachineArn: string;
  /** calls the Lambda handler; throws errors whose `.name` is the error type */
  invoke: (functionArn: string, payload: unknown) => Promise<unknown>;
  positions: Positions;
  executions: Executions;
  callbacks: Callbacks;
  now: () => Date;
  log: (msg: string, data?: object) => void;
  /** true once the runtime stops: no new step starts, and a run's end is no longer recorded */
  stopped: () => boolean;
  /** where the kill tests hold executions (none unless configured) */
  holds: Holds;
  /** told of every execution's end once it is recorded */
  ended: OnEnded;
}

export interface Runs {
  /** runs the execution from the start, or from the state of the checkpoint `resume` */
  launch(exec: Execution, input: unknown, resume?: Checkpoint): void;
  /** resolves when every Lambda invoked so far has returned (call once the runtime is stopped) */
  settle(): Promise<void>;
  /**
   * resolves when every task state entered so far has ended, its checkpoint writes with it (call once the runs are
   * aborted and the waits failed): an aborted run does not wait for the state it was in
   */
  drain(): Promise<void>;
}

/** How an execution ended: its description, told to whoever listens for it (EventBridge's part locally). */
export type OnEnded = (exec: Execution) => void;

/** An error as the library reads it: its name is the state's error type. */
function toStateError(err: unknown): Error {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), { name });
}

export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

function replaceString(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceString(v, from, to));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceString(v, from, to)]));
  }
  return value;
}

export function createRuns(opts: RunsOptions): Runs {
  const {
    prepared,
    stateMachineArn,
    invoke,
    positions,
    executions,
    callbacks,
    now,
    log,
    stopped,
    holds,
    ended,
  } = opts;
  const machineName = stateMachineArn.split(':').at(-1);
  // validates once (asl-validator is slow); resumed runs reuse the checked definition without validation
  const machine = new StateMachine(prepared.asl as unknown as AslDefinition);
  const resumeMachines = new Map<string, StateMachine>();
  /** stands in for $$.Task.Token while the library resolves Parameters; replaced by a fresh token per entry */
  const placeholder = `local-task-token-${randomUUID()}`;
  /** the Lambdas running now: a stop lets them finish */
  const inflight = new Set<Promise<unknown>>();
  /** the task states being run now (a Lambda, a checkpoint write, a wait) */
  const entered = new Set<Promise<unknown>>();

  function tracked<T>(state: Promise<T>): Promise<T> {
    entered.add(state);
    void state.finally(() => entered.delete(state)).catch(() => undefined);
    return state;
  }

  /** invokes a function, unless the runtime stopped; the call is tracked until it returns */
  function call(functionArn: string, payload: unknown): Promise<unknown> {
    if (stopped()) return Promise.reject(fatal('States.Runtime', 'the local runtime stopped'));
    const running = invoke(functionArn, payload);
    inflight.add(running);
    void running.finally(() => inflight.delete(running)).catch(() => undefined);
    return running;
  }

  /** checkpoints the execution's position; a failed write fails the state for good */
  async function checkpoint(cp: Checkpoint): Promise<void> {
    try {
      await positions.at(cp.executionName, cp);
    } catch (err) {
      throw fatal('States.Runtime', `could not checkpoint state ${cp.stateName}: ${String(err)}`);
    }
  }

  function resumeMachine(stateName: string): StateMachine {
    let m = resumeMachines.get(stateName);
    if (!m) {
      const asl = { ...prepared.asl, StartAt: stateName } as unknown as AslDefinition;
      m = new StateMachine(asl, { validationOptions: { noValidate: true } });
      resumeMachines.set(stateName, m);
    }
    return m;
  }

  function launch(exec: Execution, input: unknown, resume?: Checkpoint): void {
    exec.busy = true;
    const name = exec.record.name;
    const run = (resume ? resumeMachine(resume.stateName) : machine).run(toJson(input), {
      overrides: { taskResourceLocalHandlers: handlersFor(exec, resume) },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: exec.record.executionArn, Name: name, StartTime: exec.record.startDate },
        StateMachine: { Id: stateMachineArn, Name: machineName },
        Task: { Token: placeholder },
      },
    });
    exec.abort = run.abort;
    const history = recordHistory(exec.history, run.eventLogs, {
      tasks: prepared.tasks,
      resumed: resume !== undefined,
      now,
    }).catch((err) => log('sfn: history recording failed', { execution: name, error: String(err) }));
    const end = async (status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT', fields: Record<string, string>) => {
      // the end first, then the position: a kill between leaves a checkpoint that the next start drops
      await executions.finish(exec, status, fields);
      ended(exec);
      await positions.clear(name).catch((err) =>
        log('sfn: could not clear the checkpoint of an ended execution', {
          execution: name,
          error: String(err),
        }),
      );
    };
    exec.done = run.result
      .then(
        async (output) => {
          if (stopped() || exec.aborted) return;
          await end('SUCCEEDED', { output: JSON.stringify(output ?? null) });
        },
        async (err: unknown) => {
          if (stopped() || exec.aborted) return;
          if (err instanceof ExecutionTimeoutError) {
            await end('TIMED_OUT', {});
            return;
          }
          const cause = err instanceof ExecutionError ? (err.cause as Error | undefined) : undefined;
          const failure = cause ?? (err instanceof Error ? err : new Error(String(err)));
          await end('FAILED', { error: failure.name, cause: failure.message });
        },
      )
      .then(() => history)
      .finally(() => {
        exec.busy = false;
      });
  }

  function handlersFor(exec: Execution, resume?: Checkpoint): LocalHandlers {
    const handlers: LocalHandlers = {};
    // the first entry of the resumed state takes up its checkpoint; every later entry is a fresh one
    let resumePending = resume !== undefined;
    const resumed = (stateName: string) => {
      if (!resumePending || resume?.stateName !== stateName) return undefined;
      resumePending = false;
      return resume;
    };
    for (const task of prepared.tasks.values()) {
      if (task.kind === 'callback') {
        handlers[task.stateName] = (input) => {
          const cp = resumed(task.stateName);
          return tracked(cp?.token ? rewait(exec, task, cp, input) : callback(exec, task, input));
        };
      } else {
        handlers[task.stateName] = (input) => tracked(runLambda(exec, task, input));
      }
    }
    return handlers;
  }

  async function runLambda(exec: Execution, task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    if (stopped()) throw fatal('States.Runtime', 'the local runtime stopped');
    let effective: JsonValue = input;
    if (!task.nested) {
      const { raw, effective: given } = input as { raw: JsonValue; effective: JsonValue };
      effective = given;
      await checkpoint({
        executionName: exec.record.name,
        executionArn: exec.record.executionArn,
        stateName: task.stateName,
        input: raw,
        deadline: null,
      });
    }
    await holds.at(`before-task:${task.stateName}`, exec.record.name);
    const request = effective as { FunctionName?: string; Payload?: unknown } | null;
    const payload = task.kind === 'invoke' ? (request?.Payload ?? {}) : effective;
    let result: unknown;
    try {
      result = await call(task.functionArn, structuredClone(payload));
    } catch (err) {
      throw toStateError(err);
    }
    await holds.at(`after-task:${task.stateName}`, exec.record.name);
    if (task.kind === 'function') return toJson(result);
    return toJson({
      ExecutedVersion: '$LATEST',
      Payload: result ?? null,
      SdkHttpMetadata: { HttpStatusCode: 200, HttpHeaders: {}, AllHttpHeaders: {} },
      SdkResponseMetadata: { RequestId: randomUUID() },
      StatusCode: 200,
    });
  }

  interface CallbackInput {
    effective: { FunctionName: string; Payload?: unknown };
    raw: unknown;
    timeoutSeconds?: unknown;
  }

  async function callback(exec: Execution, task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    if (stopped()) throw fatal('States.Runtime', 'the local runtime stopped');
    const { effective, raw, timeoutSeconds } = input as unknown as CallbackInput;
    let deadline: number | null = null;
    if (task.hasTimeout) {
      if (typeof timeoutSeconds !== 'number' || !Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
        throw fatal(
          'States.Runtime',
          `state ${task.stateName}: the timeout must be a positive integer of seconds`,
        );
      }
      deadline = now().getTime() + timeoutSeconds * 1000;
    }
    const token = randomBytes(96).toString('base64url');
    const name = exec.record.name;
    const cp: Checkpoint = {
      executionName: name,
      executionArn: exec.record.executionArn,
      stateName: task.stateName,
      input: raw,
      token,
      deadline: deadline === null ? null : new Date(deadline).toISOString(),
      taskDone: false,
    };
    // registered before the Lambda runs: it may settle the token before it returns
    const { waiter, promise } = callbacks.register(exec, task.stateName, token, deadline, false);
    try {
      await checkpoint(cp);
    } catch (err) {
      callbacks.forget(token);
      throw err;
    }
    waiter.armed = true;
    log('sfn: waiting for a callback', {
      execution: name,
      state: task.stateName,
      token: tokenTag(token),
      deadline: cp.deadline,
    });
    await holds.at(`before-task:${task.stateName}`, name);
    await runTask(exec, task, effective, token, () => callbacks.get(token) === waiter && !waiter.settling);
    return callbacks.wait(exec, promise);
  }

  /**
   * Invokes a callback state's function with its token and records that it returned. A failure while the wait is
   * still open (`open()`) fails the state; after a settlement, the settlement decides it.
   */
  async function runTask(
    exec: Execution,
    task: TaskInfo,
    effective: CallbackInput['effective'],
    token: string,
    open: () => boolean,
  ): Promise<void> {
    const name = exec.record.name;
    try {
      await call(
        task.functionArn,
        replaceString(structuredClone(effective.Payload ?? {}), placeholder, token),
      );
    } catch (err) {
      if (open()) {
        callbacks.forget(token);
        throw toStateError(err);
      }
      log('sfn: callback Lambda failed after its task was settled', { execution: name, error: String(err) });
      return;
    }
    await positions
      .amend(name, { taskDone: true })
      .catch((err) => log('sfn: could not record a returned task', { execution: name, error: String(err) }));
  }

  /**
   * The callback state of a checkpoint, entered again after a restart: its recorded outcome at once, or a wait on
   * the same token and deadline, its task invoked again (it is idempotent) when it had not returned.
   */
  async function rewait(
    exec: Execution,
    task: TaskInfo,
    cp: Checkpoint,
    input: JsonValue,
  ): Promise<JsonValue> {
    const token = cp.token ?? '';
    if (cp.outcome) return replay(task, cp.outcome);
    const deadline = cp.deadline === null ? null : Date.parse(cp.deadline);
    const { waiter, promise } = callbacks.register(exec, task.stateName, token, deadline, true);
    log('sfn: resumed waiting for a callback', {
      execution: exec.record.name,
      state: task.stateName,
      token: tokenTag(token),
      deadline: cp.deadline,
      taskDone: cp.taskDone === true,
    });
    callbacks.checkDeadlines();
    if (cp.taskDone !== true) {
      const { effective } = input as unknown as CallbackInput;
      await holds.at(`before-task:${task.stateName}`, exec.record.name);
      await runTask(exec, task, effective, token, () => callbacks.get(token) === waiter && !waiter.settling);
    }
    return callbacks.wait(exec, promise);
  }

  /** The outcome a callback state was settled with before a restart, as the library takes it. */
  async function replay(task: TaskInfo, outcome: Outcome): Promise<JsonValue> {
    if ('output' in outcome) return toJson(outcome.output);
    const { name, message } = outcome.error;
    if (name === 'States.Timeout') throw await callbacks.timeoutError(message);
    log('sfn: resumed a settled callback', { state: task.stateName, error: name });
    throw Object.assign(new Error(message), { name });
  }

  return {
    launch,
    async settle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },

    async drain() {
      while (entered.size > 0) await Promise.allSettled([...entered]);
    },
  };
}
