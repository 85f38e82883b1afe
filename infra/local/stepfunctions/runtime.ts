/**
 * The embedded Step Functions runtime: runs the ASL the CDK chain synthesizes on aws-local-stepfunctions, with
 * what the library lacks added around it:
 *
 * - callback states (`lambda:invoke.waitForTaskToken`): a local handler mints the task token, checkpoints the
 *   wait, invokes the Lambda and waits for SendTaskSuccess/SendTaskFailure or for the application clock to pass
 *   the state's deadline (then the state fails with the library's own `States.Timeout` error, so Retry on
 *   `States.TaskFailed` leaves it alone and a Catch on `States.Timeout` takes it);
 * - executions and waits in a checkpoint store, so `resume()` after a restart re-enters each waiting state with
 *   the same token and deadline, without invoking its Lambda again;
 * - execution names, idempotent StartExecution, DescribeExecution and a history of entered states.
 *
 * Task tokens are never logged; log lines carry a short hash of them.
 */
import '#infra/local/polyfills.ts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type {
  Checkpoint,
  CheckpointStore,
  ExecutionRecord,
  ExecutionStatus,
} from '#infra/local/stepfunctions/checkpoints.ts';
import {
  type PreparedDefinition,
  prepareDefinition,
  type TaskInfo,
} from '#infra/local/stepfunctions/definition.ts';
import { SfnServiceError } from '#infra/local/stepfunctions/errors.ts';

export type {
  Checkpoint,
  CheckpointStore,
  ExecutionRecord,
  ExecutionStatus,
} from '#infra/local/stepfunctions/checkpoints.ts';

type AslDefinition = ConstructorParameters<typeof StateMachine>[0];
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;
type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface LocalStepFunctionsOptions {
  /** the ASL definition, as the CDK chain renders it */
  definition: object;
  stateMachineArn: string;
  /** every function ARN a Task may invoke; a Task invoking any other fails construction */
  knownFunctionArns: readonly string[];
  /** calls the Lambda handler; throws errors whose `.name` is the error type */
  invoke: (functionArn: string, payload: unknown) => Promise<unknown>;
  checkpoints: CheckpointStore;
  /** the application clock: deadlines and execution dates follow it */
  now: () => Date;
  log?: (msg: string, data?: object) => void;
  /** how often pending deadlines are checked, in ms (default 200) */
  pollMs?: number;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** on the application clock */
  timestamp: Date;
  /** the service's event types: ExecutionStarted, TaskStateEntered, ChoiceStateExited, TaskFailed, ... */
  type: string;
  executionStartedEventDetails?: { input: string };
  executionSucceededEventDetails?: { output: string };
  executionFailedEventDetails?: { error: string; cause: string };
  stateEnteredEventDetails?: { name: string; input: string };
  stateExitedEventDetails?: { name: string; output: string };
  taskFailedEventDetails?: { resourceType: string; resource: string; error: string; cause: string };
  taskTimedOutEventDetails?: { resourceType: string; resource: string; error: string; cause: string };
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  startDate: Date;
  stopDate?: Date;
  error?: string;
  cause?: string;
}

export interface LocalStepFunctions {
  /** starts execution `name`; the same name and input while it runs answers the same execution */
  startExecution(name: string, input: unknown): Promise<{ executionArn: string; startDate: Date }>;
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
  sendTaskFailure(token: string, error?: string, cause?: string): Promise<void>;
  /** checks the token is open; heartbeats are not enforced locally */
  sendTaskHeartbeat(token: string): Promise<void>;
  describeExecution(executionArn: string): Promise<ExecutionDescription>;
  /** the events of this process's runs of the execution (a resumed run starts at its waiting state) */
  getExecutionHistory(executionArn: string): Promise<{ events: HistoryEvent[] }>;
  /** resumes every checkpointed waiting execution; answers how many */
  resume(): Promise<number>;
  /** re-checks every pending deadline now (call after moving the application clock) */
  clockChanged(): void;
  /** resolves when no execution is mid-step: each has finished or waits for a callback */
  idle(): Promise<void>;
  /** stops every run without closing it: waiting executions stay checkpointed for the next `resume()` */
  stop(): Promise<void>;
  readonly stateMachineArn: string;
}

interface Waiter {
  token: string;
  exec: Execution;
  stateName: string;
  /** epoch ms on the application clock, or null */
  deadline: number | null;
  /** false until the checkpoint is written: a deadline cannot fire before, or the delete could precede the put */
  armed: boolean;
  settling: boolean;
  resolve: (value: JsonValue) => void;
  reject: (err: Error) => void;
}

interface Execution {
  record: ExecutionRecord;
  history: HistoryEvent[];
  /** running code (a step, a Lambda, a retry pause) rather than finished or waiting for a callback */
  busy: boolean;
  abort?: () => void;
  done?: Promise<void>;
}

type RuntimeErrorLike = Error & { isRetryable?: boolean; isCatchable?: boolean };

const TOKEN_SHAPE = /^[A-Za-z0-9+/=_-]{1,1024}$/;
/** the service's rule for execution names: no whitespace, brackets, wildcards or the listed punctuation */
const NAME_SHAPE = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

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

function toStateError(err: unknown): Error {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), { name });
}

/** An error the library neither retries nor catches: used to wind runs down on stop and for local faults. */
function fatal(name: string, message: string): RuntimeErrorLike {
  return Object.assign(new Error(message), { name, isRetryable: false, isCatchable: false });
}

function toJson(value: unknown): JsonValue {
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

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

export function createLocalStepFunctions(opts: LocalStepFunctionsOptions): LocalStepFunctions {
  const { stateMachineArn, invoke, checkpoints: store, now } = opts;
  const log = opts.log ?? (() => {});
  const arnParts = /^arn:([a-z-]+):states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]+)$/.exec(
    stateMachineArn,
  );
  if (!arnParts) throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  const executionArnPrefix = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:`;

  const prepared: PreparedDefinition = prepareDefinition(opts.definition, opts.knownFunctionArns);
  // validates once (asl-validator is slow); resumed runs reuse the checked definition without validation
  const machine = new StateMachine(prepared.asl as unknown as AslDefinition);
  const resumeMachines = new Map<string, StateMachine>();
  const makeTimeoutError = captureTimeoutError();

  /** stands in for $$.Task.Token while the library resolves Parameters; replaced by a fresh token per entry */
  const placeholder = `local-task-token-${randomUUID()}`;
  const executions = new Map<string, Execution>();
  const waiters = new Map<string, Waiter>();
  const timedOutTokens = new Set<string>();
  let stopped = false;

  const poll = setInterval(() => checkDeadlines(), opts.pollMs ?? 200);
  poll.unref();

  function resumeMachine(stateName: string): StateMachine {
    let m = resumeMachines.get(stateName);
    if (!m) {
      const asl = { ...prepared.asl, StartAt: stateName } as unknown as AslDefinition;
      m = new StateMachine(asl, { validationOptions: { noValidate: true } });
      resumeMachines.set(stateName, m);
    }
    return m;
  }

  function nameFromArn(executionArn: string): string {
    if (typeof executionArn !== 'string' || !executionArn.startsWith('arn:')) {
      throw new SfnServiceError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    }
    const name = executionArn.startsWith(executionArnPrefix)
      ? executionArn.slice(executionArnPrefix.length)
      : '';
    if (!NAME_SHAPE.test(name)) {
      throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return name;
  }

  async function findExecution(name: string): Promise<Execution | undefined> {
    const live = executions.get(name);
    if (live) return live;
    const record = await store.getExecution(name);
    if (!record) return undefined;
    const again = executions.get(name);
    if (again) return again;
    const exec: Execution = { record, history: [], busy: false };
    executions.set(name, exec);
    return exec;
  }

  function addEvent(
    exec: Execution,
    event: Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>,
  ): void {
    const id = exec.history.length + 1;
    exec.history.push({ id, previousEventId: id - 1, timestamp: now(), ...event });
  }

  async function recordEvents(exec: Execution, events: AsyncGenerator<unknown>, resumed: boolean) {
    const stringify = (v: unknown) => JSON.stringify(v ?? null);
    const causeText = (v: unknown) => (typeof v === 'string' ? v : stringify(v));
    for await (const raw of events) {
      const ev = raw as {
        type: string;
        input?: unknown;
        output?: unknown;
        Error?: string;
        Cause?: unknown;
        state?: { name: string; type: string; input: unknown; output?: unknown };
      };
      switch (ev.type) {
        case 'ExecutionStarted':
          if (!resumed)
            addEvent(exec, {
              type: 'ExecutionStarted',
              executionStartedEventDetails: { input: stringify(ev.input) },
            });
          break;
        case 'StateEntered':
          if (ev.state) {
            addEvent(exec, {
              type: `${ev.state.type}StateEntered`,
              stateEnteredEventDetails: { name: ev.state.name, input: stringify(ev.state.input) },
            });
          }
          break;
        case 'StateExited':
          if (ev.state) {
            addEvent(exec, {
              type: `${ev.state.type}StateExited`,
              stateExitedEventDetails: { name: ev.state.name, output: stringify(ev.state.output) },
            });
          }
          break;
        case 'StateFailed': {
          const task = ev.state && prepared.tasks.get(ev.state.name);
          if (task) {
            const details = {
              resourceType: 'lambda',
              resource: task.functionArn,
              error: ev.Error ?? '',
              cause: causeText(ev.Cause),
            };
            if (ev.Error === 'States.Timeout')
              addEvent(exec, { type: 'TaskTimedOut', taskTimedOutEventDetails: details });
            else addEvent(exec, { type: 'TaskFailed', taskFailedEventDetails: details });
          }
          break;
        }
        case 'ExecutionSucceeded':
          addEvent(exec, {
            type: 'ExecutionSucceeded',
            executionSucceededEventDetails: { output: stringify(ev.output) },
          });
          break;
        case 'ExecutionFailed':
          addEvent(exec, {
            type: 'ExecutionFailed',
            executionFailedEventDetails: { error: ev.Error ?? '', cause: causeText(ev.Cause) },
          });
          break;
        case 'ExecutionTimeout':
          addEvent(exec, { type: 'ExecutionTimedOut' });
          break;
        default:
          break;
      }
    }
  }

  async function finish(exec: Execution, status: ExecutionStatus, fields: Partial<ExecutionRecord>) {
    exec.record = { ...exec.record, status, stopDate: now().toISOString(), ...fields };
    try {
      await store.putExecution(exec.record);
    } catch (err) {
      log('sfn: could not record the end of an execution', {
        execution: exec.record.name,
        error: String(err),
      });
    }
    log('sfn: execution ended', { execution: exec.record.name, status });
  }

  function launch(exec: Execution, input: unknown, resume?: Checkpoint): void {
    exec.busy = true;
    const name = exec.record.name;
    const run = (resume ? resumeMachine(resume.stateName) : machine).run(toJson(input), {
      overrides: { taskResourceLocalHandlers: handlersFor(exec, resume) },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: exec.record.executionArn, Name: name, StartTime: exec.record.startDate },
        StateMachine: { Id: stateMachineArn, Name: arnParts?.[4] },
        Task: { Token: placeholder },
      },
    });
    exec.abort = run.abort;
    const events = recordEvents(exec, run.eventLogs, resume !== undefined).catch((err) =>
      log('sfn: history recording failed', { execution: name, error: String(err) }),
    );
    exec.done = run.result
      .then(
        async (output) => {
          if (stopped) return;
          await finish(exec, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
        },
        async (err: unknown) => {
          if (stopped) return;
          if (err instanceof ExecutionTimeoutError) {
            await finish(exec, 'TIMED_OUT', {});
            return;
          }
          const cause = err instanceof ExecutionError ? (err.cause as Error | undefined) : undefined;
          const failure = cause ?? (err instanceof Error ? err : new Error(String(err)));
          await finish(exec, 'FAILED', { error: failure.name, cause: failure.message });
        },
      )
      .then(() => events)
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
        handlers[task.stateName] = (input) => runLambda(task, input);
      }
    }
    return handlers;
  }

  async function runLambda(task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    if (stopped) throw fatal('States.Runtime', 'the local runtime stopped');
    const request = input as { FunctionName?: string; Payload?: unknown } | null;
    const payload = task.kind === 'invoke' ? (request?.Payload ?? {}) : input;
    let result: unknown;
    try {
      result = await invoke(task.functionArn, structuredClone(payload));
    } catch (err) {
      throw toStateError(err);
    }
    if (task.kind === 'function') return toJson(result);
    return toJson({
      ExecutedVersion: '$LATEST',
      Payload: result ?? null,
      SdkHttpMetadata: { HttpStatusCode: 200, HttpHeaders: {}, AllHttpHeaders: {} },
      SdkResponseMetadata: { RequestId: randomUUID() },
      StatusCode: 200,
    });
  }

  function register(
    exec: Execution,
    stateName: string,
    token: string,
    deadline: number | null,
    armed: boolean,
  ) {
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
  }

  async function wait(exec: Execution, promise: Promise<JsonValue>): Promise<JsonValue> {
    exec.busy = false;
    try {
      return await promise;
    } finally {
      exec.busy = true;
    }
  }

  async function callback(exec: Execution, task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    if (stopped) throw fatal('States.Runtime', 'the local runtime stopped');
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
    const { waiter, promise } = register(exec, task.stateName, token, deadline, false);
    try {
      await store.put(name, checkpoint);
    } catch (err) {
      waiters.delete(token);
      throw fatal('States.Runtime', `could not checkpoint state ${task.stateName}: ${String(err)}`);
    }
    waiter.armed = true;
    log('sfn: waiting for a callback', {
      execution: name,
      state: task.stateName,
      token: tokenHash(token),
      deadline: checkpoint.deadline,
    });
    try {
      await invoke(
        task.functionArn,
        replaceString(structuredClone(effective.Payload ?? {}), placeholder, token),
      );
    } catch (err) {
      if (waiters.get(token) === waiter && !waiter.settling) {
        waiters.delete(token);
        await store.delete(name).catch(() => {});
        throw toStateError(err);
      }
      // settled meanwhile: the settlement decides the state
      log('sfn: callback Lambda failed after its task was settled', { execution: name, error: String(err) });
    }
    return wait(exec, promise);
  }

  function rewait(exec: Execution, task: TaskInfo, cp: Checkpoint): Promise<JsonValue> {
    const deadline = cp.deadline === null ? null : Date.parse(cp.deadline);
    const { promise } = register(exec, task.stateName, cp.token, deadline, true);
    log('sfn: resumed waiting for a callback', {
      execution: exec.record.name,
      state: task.stateName,
      token: tokenHash(cp.token),
      deadline: cp.deadline,
    });
    checkDeadlines();
    return wait(exec, promise);
  }

  /** Claims an open token for settling; throws as the service does for anything else. */
  function claim(token: string): Waiter {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token))
      throw new SfnServiceError('InvalidToken', 'Invalid token');
    if (timedOutTokens.has(token)) throw new SfnServiceError('TaskTimedOut', 'Task Timed Out');
    const waiter = waiters.get(token);
    if (!waiter || waiter.settling) throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    waiter.settling = true;
    return waiter;
  }

  /** Deletes the checkpoint, then closes the token; a failed delete leaves the task open. */
  async function settle(waiter: Waiter, outcome: { output: JsonValue } | { error: Error }, timedOut = false) {
    try {
      await store.delete(waiter.exec.record.name);
    } catch (err) {
      waiter.settling = false;
      throw err;
    }
    waiters.delete(waiter.token);
    if (timedOut) timedOutTokens.add(waiter.token);
    waiter.exec.busy = true;
    if ('output' in outcome) waiter.resolve(outcome.output);
    else waiter.reject(outcome.error);
  }

  function checkDeadlines(): void {
    if (stopped) return;
    const at = now().getTime();
    for (const waiter of waiters.values()) {
      if (!waiter.armed || waiter.settling || waiter.deadline === null || at < waiter.deadline) continue;
      waiter.settling = true;
      log('sfn: callback timed out', {
        execution: waiter.exec.record.name,
        state: waiter.stateName,
        token: tokenHash(waiter.token),
      });
      void makeTimeoutError
        .then((make) => {
          const err = make();
          err.message = `state ${waiter.stateName} timed out waiting for its callback`;
          return settle(waiter, { error: err }, true);
        })
        .catch((err) => log('sfn: could not time out a callback, will retry', { error: String(err) }));
    }
  }

  return {
    stateMachineArn,

    async startExecution(name, input) {
      if (stopped) throw new Error('the local Step Functions runtime is stopped');
      if (typeof name !== 'string' || !NAME_SHAPE.test(name)) {
        throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
      }
      const text = JSON.stringify(input ?? {});
      const same = (exec: Execution) => {
        if (exec.record.status === 'RUNNING' && exec.record.input === text) {
          return { executionArn: exec.record.executionArn, startDate: new Date(exec.record.startDate) };
        }
        throw new SfnServiceError(
          'ExecutionAlreadyExists',
          `Execution Already Exists: '${exec.record.executionArn}'`,
        );
      };
      const existing = await findExecution(name);
      if (existing) return same(existing);
      const startDate = now();
      const exec: Execution = {
        record: {
          name,
          executionArn: `${executionArnPrefix}${name}`,
          status: 'RUNNING',
          input: text,
          startDate: startDate.toISOString(),
        },
        history: [],
        busy: true,
      };
      executions.set(name, exec);
      try {
        await store.putExecution(exec.record);
      } catch (err) {
        executions.delete(name);
        throw err;
      }
      log('sfn: execution started', { execution: name });
      launch(exec, JSON.parse(text));
      return { executionArn: exec.record.executionArn, startDate };
    },

    async sendTaskSuccess(token, output) {
      const waiter = claim(token);
      await settle(waiter, { output: toJson(output) });
      log('sfn: task succeeded', { execution: waiter.exec.record.name, token: tokenHash(token) });
    },

    async sendTaskFailure(token, error, cause) {
      const waiter = claim(token);
      await settle(waiter, { error: Object.assign(new Error(cause ?? ''), { name: error ?? '' }) });
      log('sfn: task failed', { execution: waiter.exec.record.name, token: tokenHash(token), error });
    },

    async sendTaskHeartbeat(token) {
      if (typeof token !== 'string' || !TOKEN_SHAPE.test(token))
        throw new SfnServiceError('InvalidToken', 'Invalid token');
      if (timedOutTokens.has(token)) throw new SfnServiceError('TaskTimedOut', 'Task Timed Out');
      if (!waiters.has(token)) throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    },

    async describeExecution(executionArn) {
      const exec = await findExecution(nameFromArn(executionArn));
      if (!exec)
        throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
      const r = exec.record;
      return {
        executionArn: r.executionArn,
        stateMachineArn,
        name: r.name,
        status: r.status,
        input: r.input,
        startDate: new Date(r.startDate),
        ...(r.output !== undefined && { output: r.output }),
        ...(r.stopDate !== undefined && { stopDate: new Date(r.stopDate) }),
        ...(r.error !== undefined && { error: r.error }),
        ...(r.cause !== undefined && { cause: r.cause }),
      };
    },

    async getExecutionHistory(executionArn) {
      const exec = await findExecution(nameFromArn(executionArn));
      if (!exec)
        throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
      return { events: exec.history.map((e) => ({ ...e })) };
    },

    async resume() {
      if (stopped) throw new Error('the local Step Functions runtime is stopped');
      let count = 0;
      for (const cp of await store.list()) {
        const task = prepared.tasks.get(cp.stateName);
        const live = executions.get(cp.executionName);
        if (live?.done && live.record.status === 'RUNNING') continue; // already running in this process
        if (task?.kind !== 'callback') {
          log('sfn: checkpoint names no callback state of this definition; left as is', {
            execution: cp.executionName,
            state: cp.stateName,
          });
          continue;
        }
        const record: ExecutionRecord = (await store.getExecution(cp.executionName)) ?? {
          name: cp.executionName,
          executionArn: cp.executionArn,
          status: 'RUNNING',
          input: JSON.stringify(cp.input ?? null),
          startDate: now().toISOString(),
        };
        if (record.status !== 'RUNNING') {
          await store.delete(cp.executionName);
          continue;
        }
        const exec: Execution = { record, history: [], busy: true };
        executions.set(cp.executionName, exec);
        launch(exec, cp.input, cp);
        count++;
      }
      log('sfn: resumed waiting executions', { count });
      return count;
    },

    clockChanged() {
      checkDeadlines();
    },

    async idle() {
      const busy = () => [...executions.values()].some((e) => e.busy);
      for (;;) {
        if (!busy()) {
          // let queued history events and settlements run, then look again
          await new Promise((r) => setTimeout(r, 1));
          if (!busy()) return;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      for (const waiter of waiters.values())
        waiter.reject(fatal('States.Runtime', 'the local runtime stopped'));
      waiters.clear();
      const running = [...executions.values()].filter((e) => e.done);
      for (const exec of running) exec.abort?.();
      await Promise.allSettled(running.map((e) => e.done));
      log('sfn: stopped');
    },
  };
}
