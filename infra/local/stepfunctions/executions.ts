/**
 * The executions of the one state machine: each held in memory while this process knows it, its record kept in
 * the checkpoint store (so DescribeExecution and idempotent starts survive a restart), addressed by name or by
 * ARN as the service checks them.
 */
import type {
  CheckpointStore,
  ExecutionRecord,
  ExecutionStatus,
} from '#infra/local/stepfunctions/checkpoints.ts';
import { SfnServiceError } from '#infra/local/stepfunctions/errors.ts';
import type { HistoryEvent } from '#infra/local/stepfunctions/history.ts';

export interface Execution {
  record: ExecutionRecord;
  /** the events of this process's runs of it */
  history: HistoryEvent[];
  /** running code (a step, a Lambda, a retry pause) rather than finished or waiting for a callback */
  busy: boolean;
  abort?: () => void;
  /** stopped by StopExecution: its run's end is not recorded (the stop recorded ABORTED) */
  aborted?: boolean;
  /** settles when its run in this process has ended and its end is recorded */
  done?: Promise<void>;
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

/** The service's rule for execution names: no whitespace, brackets, wildcards or the listed punctuation. */
const NAME_SHAPE = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

export interface Executions {
  /** throws InvalidName unless `name` is one the service would accept */
  checkName(name: string): void;
  /** the execution an ARN names; throws InvalidArn or ExecutionDoesNotExist as the service does */
  byArn(executionArn: string): Promise<Execution>;
  /** the execution of this name, in memory or, from an earlier process, in the store */
  find(name: string): Promise<Execution | undefined>;
  /** the execution of this name this process holds, if any */
  live(name: string): Execution | undefined;
  /**
   * a new running execution, its record stored (and forgotten again if storing fails); `first` runs before the
   * record is stored (the runtime checkpoints the execution's start there)
   */
  start(
    name: string,
    input: string,
    startDate: Date,
    first?: (exec: Execution) => Promise<void>,
  ): Promise<Execution>;
  /** holds an execution resumed from its record */
  hold(record: ExecutionRecord): Execution;
  /** records the end of an execution's run; a failed write is logged, not thrown */
  finish(exec: Execution, status: ExecutionStatus, fields: Partial<ExecutionRecord>): Promise<void>;
  describe(exec: Execution): ExecutionDescription;
  /** every execution this process holds */
  all(): Execution[];
}

export function createExecutions(opts: {
  stateMachineArn: string;
  store: CheckpointStore;
  now: () => Date;
  log: (msg: string, data?: object) => void;
}): Executions {
  const { stateMachineArn, store, now, log } = opts;
  const arnPrefix = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:`;
  const held = new Map<string, Execution>();

  const hold = (record: ExecutionRecord): Execution => {
    const exec: Execution = { record, history: [], busy: true };
    held.set(record.name, exec);
    return exec;
  };

  const find = async (name: string): Promise<Execution | undefined> => {
    const live = held.get(name);
    if (live) return live;
    const record = await store.getExecution(name);
    if (!record) return undefined;
    // another call may have held it while the store answered
    const again = held.get(name);
    if (again) return again;
    const exec: Execution = { record, history: [], busy: false };
    held.set(name, exec);
    return exec;
  };

  return {
    checkName(name) {
      if (typeof name !== 'string' || !NAME_SHAPE.test(name))
        throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    },

    async byArn(executionArn) {
      if (typeof executionArn !== 'string' || !executionArn.startsWith('arn:')) {
        throw new SfnServiceError('InvalidArn', `Invalid Arn: '${executionArn}'`);
      }
      const name = executionArn.startsWith(arnPrefix) ? executionArn.slice(arnPrefix.length) : '';
      const exec = NAME_SHAPE.test(name) ? await find(name) : undefined;
      if (!exec)
        throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
      return exec;
    },

    find,
    live: (name) => held.get(name),

    async start(name, input, startDate, first) {
      const exec = hold({
        name,
        executionArn: `${arnPrefix}${name}`,
        status: 'RUNNING',
        input,
        startDate: startDate.toISOString(),
      });
      try {
        await first?.(exec);
        await store.putExecution(exec.record);
      } catch (err) {
        held.delete(name);
        throw err;
      }
      return exec;
    },

    hold,

    async finish(exec, status, fields) {
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
    },

    describe({ record: r }) {
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

    all: () => [...held.values()],
  };
}
