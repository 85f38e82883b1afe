/**
 * The embedded Step Functions runtime: runs the ASL the CDK chain synthesizes on aws-local-stepfunctions, with
 * what the library lacks added around it, one concern a module:
 *
 * - `definition.ts`: what of ASL runs faithfully here, and the definition rewritten for the library;
 * - `executions.ts`: execution names, records and descriptions, idempotent StartExecution;
 * - `runs.ts`: one run per execution, every Task on a local handler, callback states minting their tokens;
 * - `callbacks.ts`: the waits for SendTaskSuccess/SendTaskFailure, and their deadlines on the application clock;
 * - `history.ts`: the history of entered and exited states;
 * - `checkpoints.ts`: executions and waits in a checkpoint store, so `resume()` after a restart re-enters each
 *   waiting state with the same token and deadline, without invoking its Lambda again.
 *
 * This module is the service's face: the operations the API server (`api-server.ts`) and the local runtime call.
 */
import '#infra/local/polyfills.ts';
import { createCallbacks, tokenTag } from '#infra/local/stepfunctions/callbacks.ts';
import type { CheckpointStore, ExecutionRecord } from '#infra/local/stepfunctions/checkpoints.ts';
import { prepareDefinition } from '#infra/local/stepfunctions/definition.ts';
import { SfnServiceError } from '#infra/local/stepfunctions/errors.ts';
import { createExecutions, type ExecutionDescription } from '#infra/local/stepfunctions/executions.ts';
import type { HistoryEvent } from '#infra/local/stepfunctions/history.ts';
import { createRuns, toJson } from '#infra/local/stepfunctions/runs.ts';

export type {
  Checkpoint,
  CheckpointStore,
  ExecutionRecord,
  ExecutionStatus,
} from '#infra/local/stepfunctions/checkpoints.ts';
export type { ExecutionDescription } from '#infra/local/stepfunctions/executions.ts';
export type { HistoryEvent } from '#infra/local/stepfunctions/history.ts';

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
  /** resolves when no execution is mid-step: each has finished or waits for a callback nobody is settling */
  idle(): Promise<void>;
  /** stops every run without closing it: waiting executions stay checkpointed for the next `resume()` */
  stop(): Promise<void>;
  readonly stateMachineArn: string;
}

const STATE_MACHINE_ARN = /^arn:([a-z-]+):states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]+)$/;

export function createLocalStepFunctions(opts: LocalStepFunctionsOptions): LocalStepFunctions {
  const { stateMachineArn, checkpoints: store, now } = opts;
  const log = opts.log ?? (() => {});
  if (!STATE_MACHINE_ARN.test(stateMachineArn))
    throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  const prepared = prepareDefinition(opts.definition, opts.knownFunctionArns);
  let stopped = false;

  const executions = createExecutions({ stateMachineArn, store, now, log });
  const callbacks = createCallbacks({ store, now, log, pollMs: opts.pollMs ?? 200 });
  // Lambda invocations still running: an aborted run does not wait for its task, stopping does
  const invoking = new Set<Promise<unknown>>();
  const invoke = (functionArn: string, payload: unknown): Promise<unknown> => {
    const call = opts.invoke(functionArn, payload);
    invoking.add(call);
    void call.then(
      () => invoking.delete(call),
      () => invoking.delete(call),
    );
    return call;
  };
  const runs = createRuns({
    prepared,
    stateMachineArn,
    invoke,
    store,
    executions,
    callbacks,
    now,
    log,
    stopped: () => stopped,
  });

  return {
    stateMachineArn,

    async startExecution(name, input) {
      if (stopped) throw new Error('the local Step Functions runtime is stopped');
      executions.checkName(name);
      const text = JSON.stringify(input ?? {});
      const existing = await executions.find(name);
      if (existing) {
        if (existing.record.status === 'RUNNING' && existing.record.input === text) {
          return {
            executionArn: existing.record.executionArn,
            startDate: new Date(existing.record.startDate),
          };
        }
        throw new SfnServiceError(
          'ExecutionAlreadyExists',
          `Execution Already Exists: '${existing.record.executionArn}'`,
        );
      }
      const startDate = now();
      const exec = await executions.start(name, text, startDate);
      log('sfn: execution started', { execution: name });
      runs.launch(exec, JSON.parse(text));
      return { executionArn: exec.record.executionArn, startDate };
    },

    async sendTaskSuccess(token, output) {
      const waiter = callbacks.claim(token);
      await callbacks.settle(waiter, { output: toJson(output) });
      log('sfn: task succeeded', { execution: waiter.exec.record.name, token: tokenTag(token) });
    },

    async sendTaskFailure(token, error, cause) {
      const waiter = callbacks.claim(token);
      await callbacks.settle(waiter, { error: Object.assign(new Error(cause ?? ''), { name: error ?? '' }) });
      log('sfn: task failed', { execution: waiter.exec.record.name, token: tokenTag(token), error });
    },

    async sendTaskHeartbeat(token) {
      callbacks.heartbeat(token);
    },

    async describeExecution(executionArn) {
      return executions.describe(await executions.byArn(executionArn));
    },

    async getExecutionHistory(executionArn) {
      const exec = await executions.byArn(executionArn);
      return { events: exec.history.map((e) => ({ ...e })) };
    },

    async resume() {
      if (stopped) throw new Error('the local Step Functions runtime is stopped');
      let count = 0;
      for (const cp of await store.list()) {
        const task = prepared.tasks.get(cp.stateName);
        const live = executions.live(cp.executionName);
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
        runs.launch(executions.hold(record), cp.input, cp);
        count++;
      }
      log('sfn: resumed waiting executions', { count });
      return count;
    },

    clockChanged() {
      callbacks.checkDeadlines();
    },

    async idle() {
      const busy = () => callbacks.settling() || executions.all().some((e) => e.busy);
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
      callbacks.stop();
      const running = executions.all().filter((e) => e.done);
      for (const exec of running) exec.abort?.();
      await Promise.allSettled([...running.map((e) => e.done), ...invoking]);
      log('sfn: stopped');
    },
  };
}
