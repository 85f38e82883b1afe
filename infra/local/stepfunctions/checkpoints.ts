/**
 * What the local Step Functions runtime keeps outside memory so a restart loses nothing a visit waits on:
 * one record per execution (input, status, output) and, while an execution waits in a callback state, one
 * checkpoint (the state, its raw input, the task token and the deadline on the application clock).
 */

/** A callback state an execution waits in. */
export interface Checkpoint {
  executionName: string;
  executionArn: string;
  stateName: string;
  /** the state's raw input (before InputPath/Parameters): a resumed run re-enters the state with it */
  input: unknown;
  token: string;
  /** ISO timestamp on the application clock; null when the state has no timeout */
  deadline: string | null;
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
  /** writes (or replaces) the waiting checkpoint of execution `name` */
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
