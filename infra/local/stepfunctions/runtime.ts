/**
 * The embedded Step Functions runtime: runs the ASL the CDK chain synthesizes on aws-local-stepfunctions, with
 * what the library lacks added around it, one concern a module:
 *
 * - `definition.ts`: what of ASL runs faithfully here, and the definition rewritten for the library;
 * - `executions.ts`: execution names, records and descriptions, idempotent StartExecution;
 * - `runs.ts`: one run per execution, every Task on a local handler, callback states minting their tokens;
 * - `callbacks.ts`: the waits for SendTaskSuccess/SendTaskFailure, and their deadlines on the application clock;
 * - `history.ts`: the history of entered and exited states;
 * - `checkpoints.ts`, `positions.ts`: executions and where each running one is, in a checkpoint store, so
 *   `resume()` after a restart re-enters each at its checkpoint: a task runs again, a wait waits again on the same
 *   token and deadline (its task invoked again only if it had not returned), a settled wait goes on;
 * - `holds.ts`: points where the kill tests hold executions.
 *
 * This module is the service's face: the operations the API server (`api-server.ts`) and the local runtime call.
 */
import '#infra/local/polyfills.ts';
import { createCallbacks, tokenTag } from '#infra/local/stepfunctions/callbacks.ts';
import type { CheckpointStore } from '#infra/local/stepfunctions/checkpoints.ts';
import { prepareDefinition } from '#infra/local/stepfunctions/definition.ts';
import { SfnServiceError } from '#infra/local/stepfunctions/errors.ts';
import { createExecutions, type ExecutionDescription } from '#infra/local/stepfunctions/executions.ts';
import type { HistoryEvent } from '#infra/local/stepfunctions/history.ts';
import { type Holds, NO_HOLDS } from '#infra/local/stepfunctions/holds.ts';
import { createPositions } from '#infra/local/stepfunctions/positions.ts';
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
  /** where executions are held for the kill tests (`holds.ts`); none by default */
  holds?: Holds;
  /** told of each execution's end once it is recorded (EventBridge's status change, locally) */
  onEnded?: (execution: ExecutionDescription) => void;
}

export interface LocalStepFunctions {
  /** starts execution `name`; the same name and input while it runs answers the same execution */
  startExecution(name: string, input: unknown): Promise<{ executionArn: string; startDate: Date }>;
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
  sendTaskFailure(token: string, error?: string, cause?: string): Promise<void>;
  /** checks the token is open; heartbeats are not enforced locally */
  sendTaskHeartbeat(token: string): Promise<void>;
  /** ends a running execution as ABORTED, as an operator's StopExecution does; its waits close */
  stopExecution(executionArn: string, error?: string, cause?: string): Promise<{ stopDate: Date }>;
  describeExecution(executionArn: string): Promise<ExecutionDescription>;
  /** the events of this process's runs of the execution (a resumed run starts at its waiting state) */
  getExecutionHistory(executionArn: string): Promise<{ events: HistoryEvent[] }>;
  /** resumes every checkpointed running execution; answers how many */
  resume(): Promise<number>;
  /** re-checks every pending deadline now (call after moving the application clock) */
  clockChanged(): void;
  /** resolves when no execution is mid-step: each has finished or waits for a callback nobody is settling */
  idle(): Promise<void>;
  /**
   * stops every run without closing it: no new task starts, the Lambdas running finish, and every running
   * execution stays checkpointed for the next `resume()`
   */
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
  const holds = opts.holds ?? NO_HOLDS;
  let stopped = false;

  const executions = createExecutions({ stateMachineArn, store, now, log });
  const positions = createPositions(store);
  const callbacks = createCallbacks({ positions, now, log, pollMs: opts.pollMs ?? 200 });
  const runs = createRuns({
    prepared,
    stateMachineArn,
    invoke: opts.invoke,
    positions,
    executions,
    callbacks,
    now,
    log,
    stopped: () => stopped,
    holds,
    ended: (exec) => opts.onEnded?.(executions.describe(exec)),
  });

  return {
    stateMachineArn,

    async startExecution(name, input) {
      if (stopped) throw new Error('the local Step Functions runtime is stopped');
      executions.checkName(name);
      await holds.at('start-execution', name);
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
      const startAt = String(prepared.asl.StartAt);
      // the start is checkpointed before the record says RUNNING: a kill between leaves a checkpoint to resume
      const exec = await executions.start(name, text, startDate, (e) =>
        positions.at(name, {
          executionName: name,
          executionArn: e.record.executionArn,
          stateName: startAt,
          input: JSON.parse(text),
          deadline: null,
        }),
      );
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

    async stopExecution(executionArn, error, cause) {
      const exec = await executions.byArn(executionArn);
      if (exec.record.status !== 'RUNNING')
        return { stopDate: new Date(exec.record.stopDate ?? exec.record.startDate) };
      exec.aborted = true;
      callbacks.drop(exec);
      exec.abort?.();
      await executions.finish(exec, 'ABORTED', {
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      });
      await positions.clear(exec.record.name);
      log('sfn: execution stopped', { execution: exec.record.name });
      opts.onEnded?.(executions.describe(exec));
      return { stopDate: new Date(exec.record.stopDate ?? now().toISOString()) };
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
      const states = prepared.asl.States as Record<string, unknown>;
      let count = 0;
      for (const cp of await store.list()) {
        const live = executions.live(cp.executionName);
        if (live?.done && live.record.status === 'RUNNING') continue; // already running in this process
        if (!Object.hasOwn(states, cp.stateName)) {
          log('sfn: checkpoint names no state of this definition; left as is', {
            execution: cp.executionName,
            state: cp.stateName,
          });
          continue;
        }
        let record = await store.getExecution(cp.executionName);
        if (!record) {
          // checkpointed at its start, killed before its record was stored
          record = {
            name: cp.executionName,
            executionArn: cp.executionArn,
            status: 'RUNNING',
            input: JSON.stringify(cp.input ?? null),
            startDate: now().toISOString(),
          };
          await store.putExecution(record);
        }
        if (record.status !== 'RUNNING') {
          await store.delete(cp.executionName);
          continue;
        }
        await positions.at(cp.executionName, cp);
        runs.launch(executions.hold(record), cp.input, cp);
        count++;
      }
      log('sfn: resumed running executions', { count });
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
      holds.release();
      // what runs now finishes (no new task starts); every execution then stays at its checkpoint
      await runs.settle();
      callbacks.stop();
      const running = executions.all().filter((e) => e.done);
      for (const exec of running) exec.abort?.();
      await Promise.allSettled(running.map((e) => e.done));
      await runs.drain();
      log('sfn: stopped');
    },
  };
}
