/**
 * Checks an ASL definition against what the local runtime can run faithfully, and rewrites it into the form
 * handed to aws-local-stepfunctions:
 *
 * - JSONata (`QueryLanguage: JSONata`, `Arguments`, `Output`, `{% %}` expressions) and `Assign` are refused: the
 *   library validates them but silently ignores them.
 * - Every Task must invoke a known Lambda function, directly (Resource = function ARN), through
 *   `arn:aws:states:::lambda:invoke`, or as a callback through `arn:aws:states:::lambda:invoke.waitForTaskToken`
 *   with a static `FunctionName`; anything else would make the library call real AWS.
 * - A callback state's Parameters become `{ effective: <Parameters>, raw: $, timeoutSeconds }`, so the local
 *   handler receives the resolved payload, the state's raw input (for the checkpoint) and the timeout evaluated
 *   against that input; its own timeout is enforced by the runtime on the application clock, so the library
 *   only gets the largest timer Node can hold.
 * - A top-level Lambda Task's Parameters become `{ effective: <Parameters, or the whole input>, raw: $ }`, so its
 *   handler can checkpoint the state's raw input before it invokes the function: a restart re-enters the state
 *   with it. Tasks inside Parallel or Map are left as they are (their parent state is re-entered instead).
 */

/** Node timers overflow above 2^31-1 ms: the largest whole number of seconds a library timer can hold. */
export const MAX_TIMER_SECONDS = 2147483;

export const LAMBDA_INVOKE = /^arn:[a-z-]+:states:::lambda:invoke$/;
export const LAMBDA_CALLBACK = /^arn:[a-z-]+:states:::lambda:invoke\.waitForTaskToken$/;
const FUNCTION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export type TaskKind =
  /** Resource is the function ARN (`payloadResponseOnly`): the result is the function's return value */
  | 'function'
  /** `lambda:invoke`: the result is wrapped as the service does (`{ Payload, StatusCode, ... }`) */
  | 'invoke'
  /** `lambda:invoke.waitForTaskToken`: the result is what SendTaskSuccess sends */
  | 'callback';

export interface TaskInfo {
  stateName: string;
  kind: TaskKind;
  functionArn: string;
  /** callback states only: whether the state has a timeout (TimeoutSeconds or TimeoutSecondsPath) */
  hasTimeout: boolean;
  /** inside a Parallel branch or a Map: its input is not checkpointed */
  nested: boolean;
}

export interface PreparedDefinition {
  /** the rewritten definition handed to the library */
  asl: Record<string, unknown>;
  /** every Task state, nested ones included, by name */
  tasks: Map<string, TaskInfo>;
}

export class DefinitionRefusedError extends Error {
  override readonly name = 'DefinitionRefusedError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(message: string): never {
  throw new DefinitionRefusedError(message);
}

function hasJsonataExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.trimStart().startsWith('{%');
  if (Array.isArray(value)) return value.some(hasJsonataExpression);
  if (isObject(value)) return Object.values(value).some(hasJsonataExpression);
  return false;
}

function referencesTaskToken(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(referencesTaskToken);
  if (!isObject(value)) return false;
  return Object.entries(value).some(
    ([k, v]) => (k.endsWith('.$') && v === '$$.Task.Token') || referencesTaskToken(v),
  );
}

function staticFunctionName(stateName: string, parameters: unknown): string {
  if (!isObject(parameters)) refuse(`Task ${stateName}: Parameters with FunctionName are required`);
  if ('FunctionName.$' in parameters) {
    refuse(`Task ${stateName}: FunctionName must be static, so the local runtime can check it is handled`);
  }
  const name = parameters.FunctionName;
  if (typeof name !== 'string') refuse(`Task ${stateName}: Parameters.FunctionName is missing`);
  return name;
}

interface Walk {
  known: Set<string>;
  tasks: Map<string, TaskInfo>;
  names: Set<string>;
}

/** Checks and rewrites the states of one machine (the top level, a Parallel branch, or a Map processor). */
function prepareMachine(machine: unknown, walk: Walk, nested: boolean, where: string): Json {
  if (!isObject(machine)) refuse(`${where}: not an object`);
  if (machine.QueryLanguage === 'JSONata') refuse(`${where}: QueryLanguage JSONata is not supported locally`);
  if (typeof machine.StartAt !== 'string' || !isObject(machine.States)) {
    refuse(`${where}: StartAt and States are required`);
  }
  const states: Json = {};
  for (const [name, raw] of Object.entries(machine.States)) {
    if (walk.names.has(name)) refuse(`state name ${name} is used twice: local handlers are keyed by name`);
    walk.names.add(name);
    states[name] = prepareState(name, raw, walk, nested);
  }
  const out: Json = { ...machine, States: states };
  if (typeof out.TimeoutSeconds === 'number') {
    out.TimeoutSeconds = Math.min(out.TimeoutSeconds, MAX_TIMER_SECONDS);
  }
  return out;
}

function prepareState(name: string, raw: unknown, walk: Walk, nested: boolean): Json {
  if (!isObject(raw)) refuse(`state ${name}: not an object`);
  const state: Json = structuredClone(raw);
  if (state.QueryLanguage === 'JSONata')
    refuse(`state ${name}: QueryLanguage JSONata is not supported locally`);
  if ('Arguments' in state || 'Output' in state) {
    refuse(`state ${name}: Arguments/Output are JSONata fields, not supported locally`);
  }
  if ('Assign' in state) refuse(`state ${name}: Assign (variables) is not supported locally`);
  if (hasJsonataExpression(state)) refuse(`state ${name}: JSONata expressions are not supported locally`);
  for (const list of [state.Catch, state.Choices]) {
    if (Array.isArray(list) && list.some((c) => isObject(c) && 'Assign' in c)) {
      refuse(`state ${name}: Assign (variables) is not supported locally`);
    }
  }

  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    state.Branches = state.Branches.map((b, i) => prepareMachine(b, walk, true, `${name} branch ${i}`));
  }
  if (state.Type === 'Map') {
    for (const key of ['Iterator', 'ItemProcessor'] as const) {
      if (key in state) state[key] = prepareMachine(state[key], walk, true, `${name} ${key}`);
    }
  }
  if (state.Type === 'Task') prepareTask(name, state, walk, nested);
  return state;
}

function prepareTask(name: string, state: Json, walk: Walk, nested: boolean): void {
  const resource = state.Resource;
  if (typeof resource !== 'string') refuse(`Task ${name}: Resource is missing`);
  let kind: TaskKind;
  let functionArn: string;
  if (LAMBDA_CALLBACK.test(resource)) {
    kind = 'callback';
    functionArn = staticFunctionName(name, state.Parameters);
  } else if (LAMBDA_INVOKE.test(resource)) {
    kind = 'invoke';
    functionArn = staticFunctionName(name, state.Parameters);
  } else if (FUNCTION_ARN.test(resource)) {
    kind = 'function';
    functionArn = resource;
  } else {
    refuse(`Task ${name}: resource ${resource} has no local handler`);
  }
  if (!walk.known.has(functionArn)) refuse(`Task ${name}: function ${functionArn} has no local handler`);

  let hasTimeout = false;
  if (!nested && 'InputPath' in state)
    refuse(
      `Task ${name}: InputPath on a top-level Task is not supported locally (its raw input is checkpointed)`,
    );
  if (kind === 'callback') {
    if (nested) refuse(`Task ${name}: callback states inside Parallel/Map cannot be checkpointed locally`);
    if (!referencesTaskToken(state.Parameters)) refuse(`Task ${name}: the payload must carry $$.Task.Token`);
    const parameters: Json = { effective: state.Parameters, 'raw.$': '$' };
    if (typeof state.TimeoutSecondsPath === 'string') {
      parameters['timeoutSeconds.$'] = state.TimeoutSecondsPath;
      hasTimeout = true;
    } else if (typeof state.TimeoutSeconds === 'number') {
      parameters.timeoutSeconds = state.TimeoutSeconds;
      hasTimeout = true;
    }
    state.Parameters = parameters;
    delete state.TimeoutSecondsPath;
    state.TimeoutSeconds = MAX_TIMER_SECONDS;
  } else {
    if (!nested)
      state.Parameters =
        'Parameters' in state
          ? { effective: state.Parameters, 'raw.$': '$' }
          : { 'effective.$': '$', 'raw.$': '$' };
    // A plain Lambda task's timeout runs on real time in the library; a path (evaluated there against the
    // effective input, not the state input as in the service) is dropped in favour of the service's "no limit".
    const seconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : MAX_TIMER_SECONDS;
    delete state.TimeoutSecondsPath;
    state.TimeoutSeconds = Math.min(seconds, MAX_TIMER_SECONDS);
  }
  walk.tasks.set(name, { stateName: name, kind, functionArn, hasTimeout, nested });
}

/** Checks `definition` and rewrites it for the library; throws DefinitionRefusedError with the reason. */
export function prepareDefinition(
  definition: object,
  knownFunctionArns: readonly string[],
): PreparedDefinition {
  const walk: Walk = { known: new Set(knownFunctionArns), tasks: new Map(), names: new Set() };
  const asl = prepareMachine(definition, walk, false, 'definition');
  return { asl, tasks: walk.tasks };
}
