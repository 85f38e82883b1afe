/**
 * Runs of the definition on aws-local-stepfunctions, one per execution in this process: from the start, or, after
 * a restart, from the callback state it waits in. Every Task gets a local handler, so the library never calls
 * AWS: a Lambda Task invokes the function; a callback Task (`lambda:invoke.waitForTaskToken`) mints the task token,
 * checkpoints the wait, invokes the function and waits (`callbacks.ts`); a resumed one waits again on the token
 * and deadline of its checkpoint without invoking its function again. The run's end is recorded on the execution.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { type Callbacks, type JsonValue, tokenTag } from '#infra/local/stepfunctions/callbacks.ts';
import type { Checkpoint, CheckpointStore } from '#infra/local/stepfunctions/checkpoints.ts';
import type { PreparedDefinition, TaskInfo } from '#infra/local/stepfunctions/definition.ts';
import { fatal } from '#infra/local/stepfunctions/errors.ts';
import type { Execution, Executions } from '#infra/local/stepfunctions/executions.ts';
import { recordHistory } from '#infra/local/stepfunctions/history.ts';
import type { Holds } from '#infra/local/stepfunctions/holds.ts';

type AslDefinition = ConstructorParameters<typeof StateMachine>[0];
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;
type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

export interface RunsOptions {
  prepared: PreparedDefinition;
  stateMachineArn: string;
  /** calls the Lambda handler; throws errors whose `.name` is the error type */
  invoke: (functionArn: string, payload: unknown) => Promise<unknown>;
  store: CheckpointStore;
  executions: Executions;
  callbacks: Callbacks;
  now: () => Date;
  log: (msg: string, data?: object) => void;
  /** true once the runtime stops: no new step starts, and a run's end is no longer recorded */
  stopped: () => boolean;
  /** where the kill tests hold executions (none unless configured) */
  holds: Holds;
}

export interface Runs {
  /** runs the execution from the start, or from the callback state of `resume` */
  launch(exec: Execution, input: unknown, resume?: Checkpoint): void;
}

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
  const { prepared, stateMachineArn, invoke, store, executions, callbacks, now, log, stopped, holds } = opts;
  const machineName = stateMachineArn.split(':').at(-1);
  // validates once (asl-validator is slow); resumed runs reuse the checked definition without validation
  const machine = new StateMachine(prepared.asl as unknown as AslDefinition);
  const resumeMachines = new Map<string, StateMachine>();
  /** stands in for $$.Task.Token while the library resolves Parameters; replaced by a fresh token per entry */
  const placeholder = `local-task-token-${randomUUID()}`;

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
    exec.done = run.result
      .then(
        async (output) => {
          if (stopped()) return;
          await executions.finish(exec, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
        },
        async (err: unknown) => {
          if (stopped()) return;
          if (err instanceof ExecutionTimeoutError) {
            await executions.finish(exec, 'TIMED_OUT', {});
            return;
          }
          const cause = err instanceof ExecutionError ? (err.cause as Error | undefined) : undefined;
          const failure = cause ?? (err instanceof Error ? err : new Error(String(err)));
          await executions.finish(exec, 'FAILED', { error: failure.name, cause: failure.message });
        },
      )
      .then(() => history)
      .finally(() => {
        exec.busy = false;
      });
  }

  function handlersFor(exec: Execution, resume?: Checkpoint): LocalHandlers {
    const handlers: LocalHandlers = {};
    let resumePending = resume !== undefined;
    for (const task of prepared.tasks.values()) {
      if (task.kind === 'callback') {
        handlers[task.stateName] = (input) => {
          if (resumePending && resume && resume.stateName === task.stateName) {
            resumePending = false;
            return rewait(exec, task, resume);
          }
          return callback(exec, task, input);
        };
      } else {
        handlers[task.stateName] = (input) => runLambda(exec, task, input);
      }
    }
    return handlers;
  }

  async function runLambda(exec: Execution, task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    if (stopped()) throw fatal('States.Runtime', 'the local runtime stopped');
    await holds.at(`before-task:${task.stateName}`, exec.record.name);
    const request = input as { FunctionName?: string; Payload?: unknown } | null;
    const payload = task.kind === 'invoke' ? (request?.Payload ?? {}) : input;
    let result: unknown;
    try {
      result = await invoke(task.functionArn, structuredClone(payload));
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

  async function callback(exec: Execution, task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    if (stopped()) throw fatal('States.Runtime', 'the local runtime stopped');
    const { effective, raw, timeoutSeconds } = input as {
      effective: { FunctionName: string; Payload?: unknown };
      raw: unknown;
      timeoutSeconds?: unknown;
    };
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
    const checkpoint: Checkpoint = {
      executionName: name,
      executionArn: exec.record.executionArn,
      stateName: task.stateName,
      input: raw,
      token,
      deadline: deadline === null ? null : new Date(deadline).toISOString(),
    };
    // registered before the Lambda runs: it may settle the token before it returns
    const { waiter, promise } = callbacks.register(exec, task.stateName, token, deadline, false);
    try {
      await store.put(name, checkpoint);
    } catch (err) {
      callbacks.forget(token);
      throw fatal('States.Runtime', `could not checkpoint state ${task.stateName}: ${String(err)}`);
    }
    waiter.armed = true;
    log('sfn: waiting for a callback', {
      execution: name,
      state: task.stateName,
      token: tokenTag(token),
      deadline: checkpoint.deadline,
    });
    await holds.at(`before-task:${task.stateName}`, name);
    try {
      await invoke(
        task.functionArn,
        replaceString(structuredClone(effective.Payload ?? {}), placeholder, token),
      );
    } catch (err) {
      if (callbacks.get(token) === waiter && !waiter.settling) {
        callbacks.forget(token);
        await store.delete(name).catch(() => {});
        throw toStateError(err);
      }
      // settled meanwhile: the settlement decides the state
      log('sfn: callback Lambda failed after its task was settled', { execution: name, error: String(err) });
    }
    return callbacks.wait(exec, promise);
  }

  function rewait(exec: Execution, task: TaskInfo, cp: Checkpoint): Promise<JsonValue> {
    const deadline = cp.deadline === null ? null : Date.parse(cp.deadline);
    const { promise } = callbacks.register(exec, task.stateName, cp.token, deadline, true);
    log('sfn: resumed waiting for a callback', {
      execution: exec.record.name,
      state: task.stateName,
      token: tokenTag(cp.token),
      deadline: cp.deadline,
    });
    callbacks.checkDeadlines();
    return callbacks.wait(exec, promise);
  }

  return { launch };
}
