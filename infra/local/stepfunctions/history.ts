/**
 * An execution's history as GetExecutionHistory answers it: the service's event types, made from the event log
 * aws-local-stepfunctions writes for each run, numbered and stamped on the application clock.
 */
import type { TaskInfo } from '#infra/local/stepfunctions/definition.ts';

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

type NewEvent = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;

/** One entry of the library's event log, as far as the history reads it. */
interface LibraryEvent {
  type: string;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  state?: { name: string; type: string; input: unknown; output?: unknown };
}

const stringify = (v: unknown) => JSON.stringify(v ?? null);
const causeText = (v: unknown) => (typeof v === 'string' ? v : stringify(v));

/** The history event a library event stands for, if any. */
function toHistoryEvent(
  ev: LibraryEvent,
  tasks: ReadonlyMap<string, TaskInfo>,
  resumed: boolean,
): NewEvent | undefined {
  switch (ev.type) {
    case 'ExecutionStarted':
      // a resumed run re-enters a waiting state of an execution that started in an earlier process
      return resumed
        ? undefined
        : { type: 'ExecutionStarted', executionStartedEventDetails: { input: stringify(ev.input) } };
    case 'StateEntered':
      return (
        ev.state && {
          type: `${ev.state.type}StateEntered`,
          stateEnteredEventDetails: { name: ev.state.name, input: stringify(ev.state.input) },
        }
      );
    case 'StateExited':
      return (
        ev.state && {
          type: `${ev.state.type}StateExited`,
          stateExitedEventDetails: { name: ev.state.name, output: stringify(ev.state.output) },
        }
      );
    case 'StateFailed': {
      const task = ev.state && tasks.get(ev.state.name);
      if (!task) return undefined;
      const details = {
        resourceType: 'lambda',
        resource: task.functionArn,
        error: ev.Error ?? '',
        cause: causeText(ev.Cause),
      };
      return ev.Error === 'States.Timeout'
        ? { type: 'TaskTimedOut', taskTimedOutEventDetails: details }
        : { type: 'TaskFailed', taskFailedEventDetails: details };
    }
    case 'ExecutionSucceeded':
      return { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: stringify(ev.output) } };
    case 'ExecutionFailed':
      return {
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: ev.Error ?? '', cause: causeText(ev.Cause) },
      };
    case 'ExecutionTimeout':
      return { type: 'ExecutionTimedOut' };
    default:
      return undefined;
  }
}

/** Appends the events of one run to `history` as the library logs them, until the run ends. */
export async function recordHistory(
  history: HistoryEvent[],
  events: AsyncGenerator<unknown>,
  opts: { tasks: ReadonlyMap<string, TaskInfo>; resumed: boolean; now: () => Date },
): Promise<void> {
  for await (const raw of events) {
    const event = toHistoryEvent(raw as LibraryEvent, opts.tasks, opts.resumed);
    if (!event) continue;
    const id = history.length + 1;
    history.push({ id, previousEventId: id - 1, timestamp: opts.now(), ...event });
  }
}
