/**
 * What the local Step Functions runtime keeps outside memory so a restart loses nothing of a running execution:
 * one record per execution (input, status, output) and, while it runs, one checkpoint of where it is: the state it
 * entered last of those it can be resumed at (its start, and each top-level Task) with that state's raw input, and
 * for a callback state its task token, its deadline on the application clock, whether its task's Lambda returned,
 * and, once settled, its outcome. A restart re-enters each execution at its checkpoint: a Lambda Task runs again
 * (every step is idempotent), a callback state waits again on the same token, running its task again if it had
 * not returned, or goes on at once with the outcome it was settled with.
 */

/** How a callback state was settled: SendTaskSuccess's output, or the error of SendTaskFailure or its timeout. */
export type Outcome = { output: unknown } | { error: { name: string; message: string } };

/** Where a running execution is. */
export interface Checkpoint {
  executionName: string;
  executionArn: string;
  stateName: string;
  /** the state's raw input (before Parameters): a resumed run re-enters the state with it */
  input: unknown;
  /** a callback state's task token; absent for any other state */
  token?: string;
  /** a callback state's deadline, ISO on the application clock; null when it has none or is no callback */
  deadline: string | null;
  /** a callback state: its task's Lambda returned (the request went out) */
  taskDone?: boolean;
  /** a callback state: settled, not yet left */
  outcome?: Outcome;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution as DescribeExecution reports it; input and output are JSON text, dates ISO. */
export interface ExecutionRecord {
  name: string;
  executionArn: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  startDate: string;
  stopDate?: string;
  error?: string;
  cause?: string;
}

export interface CheckpointStore {
  /** writes (or replaces) the checkpoint of execution `name` */
  put(name: string, cp: Checkpoint): Promise<void>;
  delete(name: string): Promise<void>;
  /** every checkpoint; read once at start-up to resume */
  list(): Promise<Checkpoint[]>;
  putExecution(record: ExecutionRecord): Promise<void>;
  getExecution(name: string): Promise<ExecutionRecord | undefined>;
}

/** A store in process memory: hand the same instance to a second runtime to play a restart in tests. */
export function createMemoryCheckpoints(): CheckpointStore {
  const waits = new Map<string, string>();
  const executions = new Map<string, string>();
  return {
    async put(name, cp) {
      waits.set(name, JSON.stringify(cp));
    },
    async delete(name) {
      waits.delete(name);
    },
    async list() {
      return [...waits.values()].map((text) => JSON.parse(text) as Checkpoint);
    },
    async putExecution(record) {
      executions.set(record.name, JSON.stringify(record));
    },
    async getExecution(name) {
      const text = executions.get(name);
      return text === undefined ? undefined : (JSON.parse(text) as ExecutionRecord);
    },
  };
}
