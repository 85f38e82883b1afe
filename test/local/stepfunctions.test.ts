/**
 * The embedded Step Functions runtime, driven through a real SFNClient over HTTP: hand-made definitions shaped
 * like the lifecycle the CDK chain renders, fake Lambdas that count their invocations, and a movable
 * application clock (no test waits for a timeout in real time).
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTable, startEmulators } from '#infra/local/emulators.ts';
import { type SfnApiServer, startSfnApiServer } from '#infra/local/stepfunctions/api-server.ts';
import { type CheckpointStore, createMemoryCheckpoints } from '#infra/local/stepfunctions/checkpoints.ts';
import { DefinitionRefusedError } from '#infra/local/stepfunctions/definition.ts';
import { createDynamoCheckpoints } from '#infra/local/stepfunctions/dynamo-checkpoints.ts';
import { type Holds, parseHolds } from '#infra/local/stepfunctions/holds.ts';
import { createLocalStepFunctions, type LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';
import { renderLifecycleAsl } from '#workflows/render.ts';

const STATE_MACHINE_ARN = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:Lifecycle';
const fn = (name: string) => `arn:aws:lambda:ap-southeast-1:000000000000:function:${name}`;
const FUNCTIONS = ['draft', 'request', 'decide', 'fail'].map(fn);
const DAY = 24 * 3600;

const serviceRetry = {
  ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/**
 * Draft (Lambda, retried) → Await (callback with TimeoutSecondsPath) → Decide → Route (Choice) → Done; a timeout
 * is caught into Expired, anything else into MarkFailed → Failed.
 */
function lifecycleDefinition() {
  return {
    StartAt: 'Draft',
    States: {
      Draft: {
        Type: 'Task',
        Resource: fn('draft'),
        Retry: [serviceRetry, { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }],
        Next: 'Await',
      },
      Await: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: fn('request'),
          Payload: { 'visitId.$': '$.visitId', 'wait.$': '$.wait', 'taskToken.$': '$$.Task.Token' },
        },
        TimeoutSecondsPath: '$.wait.timeoutSeconds',
        ResultPath: '$.decision',
        Retry: [serviceRetry, { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Expired' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' },
        ],
        Next: 'Decide',
      },
      Decide: { Type: 'Task', Resource: fn('decide'), Next: 'Route' },
      Route: {
        Type: 'Choice',
        Choices: [{ Variable: '$.next', StringEquals: 'end', Next: 'Done' }],
        Default: 'Unknown',
      },
      Unknown: {
        Type: 'Pass',
        Parameters: { Error: 'UnknownNext', 'Cause.$': '$.next' },
        ResultPath: '$.error',
        Next: 'MarkFailed',
      },
      Expired: { Type: 'Pass', Result: 'expired', ResultPath: '$.outcome', Next: 'Done' },
      MarkFailed: {
        Type: 'Task',
        Resource: fn('fail'),
        Parameters: { 'visitId.$': '$.visitId', 'error.$': '$.error' },
        Next: 'Failed',
      },
      Failed: { Type: 'Fail', Error: 'VisitFailed', Cause: 'A step failed after its retries' },
      Done: { Type: 'Succeed' },
    },
  };
}

interface Fakes {
  calls: Record<string, unknown[]>;
  /** the task tokens the callback Lambda received, in order */
  tokens: string[];
  /** errors to throw from a function's next invocations, consumed in order */
  failNext: Record<string, Error[]>;
  invoke: (functionArn: string, payload: unknown) => Promise<unknown>;
}

function fakeLambdas(): Fakes {
  const fakes: Fakes = {
    calls: {},
    tokens: [],
    failNext: {},
    async invoke(arn, payload) {
      const name = arn.slice(arn.lastIndexOf(':') + 1);
      const calls = fakes.calls[name] ?? [];
      fakes.calls[name] = calls;
      calls.push(payload);
      const err = fakes.failNext[name]?.shift();
      if (err) throw err;
      const p = payload as Record<string, unknown>;
      switch (name) {
        case 'draft':
          return { ...p, drafted: true };
        case 'request':
          fakes.tokens.push(String(p.taskToken));
          return { sent: true };
        case 'decide':
          return {
            visitId: p.visitId,
            next: 'end',
            decision: p.decision ?? null,
            timeout: p.timeout ?? null,
          };
        case 'fail':
          return { recorded: true };
        default:
          throw Object.assign(new Error(`no fake for ${name}`), { name: 'ResourceNotFoundException' });
      }
    },
  };
  return fakes;
}

function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

class FakeClock {
  constructor(public at = new Date('2026-09-01T01:00:00.000Z')) {}
  now = () => new Date(this.at);
  advanceSeconds(seconds: number) {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

interface Harness {
  sfn: LocalStepFunctions;
  server: SfnApiServer;
  client: SFNClient;
  close(): Promise<void>;
}

async function startHarness(opts: {
  fakes: Fakes;
  clock: FakeClock;
  checkpoints?: CheckpointStore;
  definition?: object;
  knownFunctionArns?: string[];
  pollMs?: number;
  holds?: Holds;
}): Promise<Harness> {
  const sfn = createLocalStepFunctions({
    definition: opts.definition ?? lifecycleDefinition(),
    stateMachineArn: STATE_MACHINE_ARN,
    knownFunctionArns: opts.knownFunctionArns ?? FUNCTIONS,
    invoke: opts.fakes.invoke,
    checkpoints: opts.checkpoints ?? createMemoryCheckpoints(),
    now: opts.clock.now,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.holds ? { holds: opts.holds } : {}),
  });
  const server = await startSfnApiServer(sfn, { host: '127.0.0.1' });
  const client = new SFNClient({
    endpoint: server.url,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let closed = false;
  return {
    sfn,
    server,
    client,
    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
      await sfn.stop();
      await server.close();
    },
  };
}

const harnesses: Harness[] = [];
async function harness(opts: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness(opts);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const visitInput = (visitId: string, timeoutSeconds = 7 * DAY) => ({ visitId, wait: { timeoutSeconds } });

async function describe_(h: Harness, executionArn: string) {
  return h.client.send(new DescribeExecutionCommand({ executionArn }));
}

async function startWaiting(h: Harness, fakes: Fakes, name: string, input = visitInput(name)) {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: JSON.stringify(input) }),
  );
  await h.sfn.idle();
  const token = fakes.tokens.at(-1);
  if (!executionArn || !token) throw new Error('the execution did not reach its callback state');
  return { executionArn, token };
}

describe('local Step Functions runtime', () => {
  it('a callback state waits until SendTaskSuccess through the SDK, and its output flows on', async () => {
    const fakes = fakeLambdas();
    const h = await harness({ fakes, clock: new FakeClock() });

    const { executionArn, token } = await startWaiting(h, fakes, 'visit-1');
    expect((await describe_(h, executionArn)).status).toBe('RUNNING');
    expect(fakes.calls.request).toEqual([
      { visitId: 'visit-1', wait: { timeoutSeconds: 7 * DAY }, taskToken: token },
    ]);
    expect(token.length).toBeGreaterThanOrEqual(100);
    await h.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));

    await h.client.send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ decision: 'approve', by: 'a' }),
      }),
    );
    await h.sfn.idle();

    const done = await describe_(h, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(fakes.calls.decide).toHaveLength(1);
    expect(fakes.calls.decide?.[0]).toMatchObject({
      decision: { decision: 'approve', by: 'a' },
      drafted: true,
    });
    expect(JSON.parse(done.output ?? '')).toMatchObject({ visitId: 'visit-1', next: 'end' });
    expect(done.startDate).toEqual(new Date('2026-09-01T01:00:00.000Z'));

    const history = await h.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const entered = (history.events ?? [])
      .filter((e) => e.type?.endsWith('StateEntered'))
      .map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['Draft', 'Await', 'Decide', 'Route', 'Done']);
    expect(history.events?.[0]?.type).toBe('ExecutionStarted');
    expect(history.events?.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);

    // a settled token is closed
    await expect(
      h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('SendTaskFailure is retried like the service (fresh token), then routed to the Catch', async () => {
    const fakes = fakeLambdas();
    const h = await harness({ fakes, clock: new FakeClock() });
    const { executionArn, token } = await startWaiting(h, fakes, 'visit-2');

    await h.client.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'not this year' }),
    );
    await h.sfn.idle(); // the retrier (States.TaskFailed, 1 s) invokes the callback Lambda again
    expect(fakes.calls.request).toHaveLength(2);
    const second = fakes.tokens[1] ?? '';
    expect(second).not.toBe(token);
    await expect(
      h.client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);

    await h.client.send(new SendTaskFailureCommand({ taskToken: second, error: 'Rejected', cause: 'again' }));
    await h.sfn.idle();

    expect(fakes.calls.fail).toEqual([{ visitId: 'visit-2', error: { Error: 'Rejected', Cause: 'again' } }]);
    const done = await describe_(h, executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('VisitFailed');
    expect(done.cause).toBe('A step failed after its retries');
  });

  it('unknown, malformed and timed-out tokens answer TaskDoesNotExist, InvalidToken and TaskTimedOut', async () => {
    const fakes = fakeLambdas();
    const clock = new FakeClock();
    const h = await harness({ fakes, clock });

    await expect(
      h.client.send(new SendTaskSuccessCommand({ taskToken: 'A'.repeat(128), output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      h.client.send(new SendTaskSuccessCommand({ taskToken: 'not a token!', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);

    const { token } = await startWaiting(h, fakes, 'visit-3', visitInput('visit-3', 60));
    clock.advanceSeconds(61);
    h.sfn.clockChanged();
    await h.sfn.idle();
    await expect(
      h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(h.client.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('passing the deadline on the application clock takes the States.Timeout Catch, not the TaskFailed retrier', async () => {
    const fakes = fakeLambdas();
    const clock = new FakeClock();
    // no poll during the test (the longest interval a Node timer takes): only clockChanged() can notice the deadline
    const h = await harness({ fakes, clock, pollMs: 2 ** 31 - 1 });
    // 30 days: beyond what a Node timer can hold, so only the application clock can end it
    const { executionArn } = await startWaiting(h, fakes, 'visit-4', visitInput('visit-4', 30 * DAY));

    clock.advanceSeconds(30 * DAY - 1);
    h.sfn.clockChanged();
    await h.sfn.idle();
    expect((await describe_(h, executionArn)).status).toBe('RUNNING');

    clock.advanceSeconds(1);
    h.sfn.clockChanged();
    await h.sfn.idle();

    const done = await describe_(h, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(fakes.calls.request).toHaveLength(1);
    expect(fakes.calls.decide).toBeUndefined();
    expect(JSON.parse(done.output ?? '')).toMatchObject({
      outcome: 'expired',
      timeout: { Error: 'States.Timeout' },
    });
    const history = await h.client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.some((e) => e.type === 'TaskTimedOut')).toBe(true);
  });

  it('a deadline is also noticed by the poll, without clockChanged()', async () => {
    const fakes = fakeLambdas();
    const clock = new FakeClock();
    const h = await harness({ fakes, clock });
    const { executionArn } = await startWaiting(h, fakes, 'visit-5', visitInput('visit-5', 3600));
    clock.advanceSeconds(3600);
    await expect
      .poll(async () => (await describe_(h, executionArn)).status, { timeout: 50_000 })
      .toBe('SUCCEEDED');
  });

  it('a transient Lambda error is retried after the definition interval, then the step succeeds', async () => {
    const fakes = fakeLambdas();
    fakes.failNext.draft = [namedError('TransientError', 'the disk hiccupped')];
    const h = await harness({ fakes, clock: new FakeClock() });

    const { executionArn } = await startWaiting(h, fakes, 'visit-6');

    expect(fakes.calls.draft).toHaveLength(2);
    expect(fakes.calls.request).toHaveLength(1);
    expect((await describe_(h, executionArn)).status).toBe('RUNNING');
    const history = await h.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const failed = history.events?.filter((e) => e.type === 'TaskFailed') ?? [];
    expect(failed.map((e) => e.taskFailedEventDetails?.error)).toEqual(['TransientError']);
    expect(failed[0]?.taskFailedEventDetails?.cause).toBe('the disk hiccupped');
  });

  it('a Lambda that keeps failing lands in the Catch with its error name and message', async () => {
    const fakes = fakeLambdas();
    fakes.failNext.draft = [
      namedError('DocxError', 'broken template'),
      namedError('DocxError', 'broken template'),
    ];
    const h = await harness({ fakes, clock: new FakeClock() });
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'visit-7',
        input: JSON.stringify(visitInput('visit-7')),
      }),
    );
    await h.sfn.idle();
    expect(fakes.calls.draft).toHaveLength(2);
    expect(fakes.calls.fail).toEqual([
      { visitId: 'visit-7', error: { Error: 'DocxError', Cause: 'broken template' } },
    ]);
    expect((await describe_(h, executionArn ?? '')).status).toBe('FAILED');
  });

  it('a waiting execution survives a restart: the same token settles it and its Lambda is not invoked again', async () => {
    const fakes = fakeLambdas();
    const clock = new FakeClock();
    const checkpoints = createMemoryCheckpoints();
    const first = await harness({ fakes, clock, checkpoints });
    const input = visitInput('visit-8');
    const { executionArn, token } = await startWaiting(first, fakes, 'visit-8', input);
    await first.close();

    const second = await harness({ fakes, clock, checkpoints });
    expect(await second.sfn.resume()).toBe(1);
    await second.sfn.idle();
    expect(fakes.calls.request).toHaveLength(1);
    expect(fakes.calls.draft).toHaveLength(1);
    expect((await describe_(second, executionArn)).status).toBe('RUNNING');
    // still idempotent by name after the restart
    const again = await second.client.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'visit-8',
        input: JSON.stringify(input),
      }),
    );
    expect(again.executionArn).toBe(executionArn);

    await second.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approve' }) }),
    );
    await second.sfn.idle();
    const done = await describe_(second, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(fakes.calls.request).toHaveLength(1);
    expect(fakes.calls.decide?.[0]).toMatchObject({ visitId: 'visit-8', decision: { decision: 'approve' } });
    expect(await checkpoints.list()).toEqual([]);
    const entered = (await second.client.send(new GetExecutionHistoryCommand({ executionArn }))).events
      ?.filter((e) => e.type?.endsWith('StateEntered'))
      .map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['Await', 'Decide', 'Route', 'Done']);
  });

  /** What the store held at the moment of a kill: a copy the next process starts on (the first one lives on). */
  async function killedAt(checkpoints: CheckpointStore, names: string[]): Promise<CheckpointStore> {
    const copy = createMemoryCheckpoints();
    for (const cp of await checkpoints.list()) await copy.put(cp.executionName, cp);
    for (const name of names) {
      const record = await checkpoints.getExecution(name);
      if (record) await copy.putExecution(record);
    }
    return copy;
  }

  async function heldAt(lines: string[], count: number): Promise<void> {
    while (lines.length < count) await new Promise((r) => setTimeout(r, 5));
  }

  /** A runtime on its own store that holds executions at `hold`, and what it announces. */
  async function holding(hold: string) {
    const fakes = fakeLambdas();
    const clock = new FakeClock();
    const checkpoints = createMemoryCheckpoints();
    const lines: string[] = [];
    const first = await harness({ fakes, clock, checkpoints, holds: parseHolds(hold, (l) => lines.push(l)) });
    return { fakes, clock, checkpoints, lines, first };
  }

  it('a kill between a settled wait and the next task: the restart goes on with the answer, its task not run again', async () => {
    const { fakes, clock, checkpoints, lines, first } = await holding('before-task:Decide');
    const { executionArn, token } = await startWaiting(first, fakes, 'visit-k1');
    await first.sfn.sendTaskSuccess(token, { decision: 'approve' });
    await heldAt(lines, 1);

    const second = await harness({ fakes, clock, checkpoints: await killedAt(checkpoints, ['visit-k1']) });
    await first.close();
    expect(await second.sfn.resume()).toBe(1);
    await second.sfn.idle();

    expect((await describe_(second, executionArn)).status).toBe('SUCCEEDED');
    expect(fakes.calls.request).toHaveLength(1);
    expect(fakes.calls.decide).toEqual([expect.objectContaining({ decision: { decision: 'approve' } })]);
  });

  it('a kill between a checkpointed wait and its task: the restart runs the task with the same token', async () => {
    const { fakes, clock, checkpoints, lines, first } = await holding('before-task:Await');
    await first.client.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'visit-k2',
        input: JSON.stringify(visitInput('visit-k2')),
      }),
    );
    await heldAt(lines, 1);
    expect(fakes.calls.request).toBeUndefined();

    const second = await harness({ fakes, clock, checkpoints: await killedAt(checkpoints, ['visit-k2']) });
    await first.close();
    expect(await second.sfn.resume()).toBe(1);
    await second.sfn.idle();
    expect(fakes.calls.request).toHaveLength(1);
    const [waited] = await (await killedAt(checkpoints, [])).list();
    expect(fakes.tokens).toEqual([waited?.token]);
    await second.sfn.sendTaskSuccess(fakes.tokens[0] ?? '', { decision: 'approve' });
    await second.sfn.idle();
    expect(fakes.calls.decide).toHaveLength(1);
    expect(fakes.calls.draft).toHaveLength(1);
  });

  it('a resumed wait keeps its deadline on the application clock', async () => {
    const fakes = fakeLambdas();
    const clock = new FakeClock();
    const checkpoints = createMemoryCheckpoints();
    const first = await harness({ fakes, clock, checkpoints });
    const { executionArn, token } = await startWaiting(
      first,
      fakes,
      'visit-9',
      visitInput('visit-9', 2 * DAY),
    );
    await first.close();

    clock.advanceSeconds(2 * DAY);
    const second = await harness({ fakes, clock, checkpoints });
    expect(await second.sfn.resume()).toBe(1);
    await second.sfn.idle();
    const done = await describe_(second, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toMatchObject({ outcome: 'expired' });
    await expect(
      second.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('StartExecution is idempotent by name and input while the execution runs', async () => {
    const fakes = fakeLambdas();
    const h = await harness({ fakes, clock: new FakeClock() });
    const input = JSON.stringify(visitInput('visit-10'));
    const start = (name: string, text: string) =>
      h.client.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: text }));

    const a = await start('visit-10', input);
    const b = await start('visit-10', input);
    expect(b.executionArn).toBe(a.executionArn);
    expect(b.startDate).toEqual(a.startDate);
    await h.sfn.idle();
    expect(fakes.calls.draft).toHaveLength(1);
    await expect(start('visit-10', JSON.stringify(visitInput('visit-10', 60)))).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );

    // closed executions answer ExecutionAlreadyExists for any input, as the service does
    await h.sfn.sendTaskSuccess(fakes.tokens[0] ?? '', { decision: 'approve' });
    await h.sfn.idle();
    await expect(start('visit-10', input)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(
      h.client.send(
        new DescribeExecutionCommand({ executionArn: a.executionArn?.replace('visit-10', 'visit-none') }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('a hold keeps the first executions reaching its point there until the runtime stops', async () => {
    const fakes = fakeLambdas();
    const lines: string[] = [];
    const h = await harness({
      fakes,
      clock: new FakeClock(),
      holds: parseHolds('after-task:Draft, before-task:Decide*1', (line) => lines.push(line)),
    });
    const heldAt = async (count: number) => {
      while (lines.length < count) await new Promise((r) => setTimeout(r, 5));
    };
    const start = (name: string) =>
      h.client.send(
        new StartExecutionCommand({
          stateMachineArn: STATE_MACHINE_ARN,
          name,
          input: JSON.stringify(visitInput(name)),
        }),
      );

    await start('visit-a');
    await heldAt(1);
    await start('visit-b');
    while (fakes.tokens.length < 1) await new Promise((r) => setTimeout(r, 5));
    await h.sfn.sendTaskSuccess(fakes.tokens[0] ?? '', { decision: 'approve' });
    await heldAt(2);
    // the counts are spent: the next execution runs through
    const free = await start('visit-c');
    while (fakes.tokens.length < 2) await new Promise((r) => setTimeout(r, 5));
    await h.sfn.sendTaskSuccess(fakes.tokens[1] ?? '', { decision: 'approve' });
    while ((await describe_(h, free.executionArn ?? '')).status === 'RUNNING')
      await new Promise((r) => setTimeout(r, 5));

    expect(lines).toEqual([
      '[local] hold after-task:Draft visit-a',
      '[local] hold before-task:Decide visit-b',
    ]);
    expect(fakes.calls.draft).toHaveLength(3);
    expect(fakes.calls.request).toHaveLength(2);
    expect(fakes.calls.decide).toHaveLength(1);
    await h.close();
    expect(fakes.calls.decide).toHaveLength(1);
    expect(() => parseHolds('during-task:Decide', () => {})).toThrow(/LOCAL_HOLD/);
  });

  it('lambda:invoke wraps the result like the service and a Lambda error is caught by name', async () => {
    const fakes = fakeLambdas();
    fakes.failNext.decide = [namedError('NotAllowed', 'nope')];
    const definition = {
      StartAt: 'Wrapped',
      States: {
        Wrapped: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: fn('draft'), 'Payload.$': '$' },
          ResultSelector: { 'drafted.$': '$.Payload.drafted', 'status.$': '$.StatusCode' },
          ResultPath: '$.wrapped',
          Next: 'Failing',
        },
        Failing: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: fn('decide'), 'Payload.$': '$' },
          Catch: [{ ErrorEquals: ['NotAllowed'], ResultPath: '$.caught', Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    const h = await harness({ fakes, clock: new FakeClock(), definition });
    const { executionArn } = await h.sfn.startExecution('wrapped-1', { a: 1 });
    await h.sfn.idle();
    const done = await h.sfn.describeExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toEqual({
      a: 1,
      wrapped: { drafted: true, status: 200 },
      caught: { Error: 'NotAllowed', Cause: 'nope' },
    });
  });

  it('refuses definitions it cannot run faithfully', () => {
    const make = (definition: object) => () =>
      createLocalStepFunctions({
        definition,
        stateMachineArn: STATE_MACHINE_ARN,
        knownFunctionArns: FUNCTIONS,
        invoke: async () => null,
        checkpoints: createMemoryCheckpoints(),
        now: () => new Date(),
      });
    const unmapped = lifecycleDefinition();
    unmapped.States.Decide.Resource = fn('somethingElse');
    expect(make(unmapped)).toThrow(DefinitionRefusedError);
    expect(make(unmapped)).toThrow(/somethingElse has no local handler/);

    const otherService = {
      StartAt: 'Put',
      States: {
        Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: {}, End: true },
      },
    };
    expect(make(otherService)).toThrow(/has no local handler/);

    expect(make({ ...lifecycleDefinition(), QueryLanguage: 'JSONata' })).toThrow(/JSONata/);
    const assign = lifecycleDefinition();
    Object.assign(assign.States.Expired, { Assign: { expired: true } });
    expect(make(assign)).toThrow(/Assign/);

    const noToken = lifecycleDefinition();
    noToken.States.Await.Parameters.Payload = {
      'visitId.$': '$.visitId',
    } as typeof noToken.States.Await.Parameters.Payload;
    expect(make(noToken)).toThrow(/Task.Token/);
  });
});

describe('local Step Functions runtime on the lifecycle the CDK chain renders', () => {
  it('accepts the rendered ASL, runs it to its first callback, and refuses it when a function is unmapped', async () => {
    const { definition, functionArns } = renderLifecycleAsl();
    const arns = Object.keys(functionArns);
    const invoked: string[] = [];
    const payloads: unknown[] = [];
    const sfn = createLocalStepFunctions({
      definition,
      stateMachineArn: STATE_MACHINE_ARN,
      knownFunctionArns: arns,
      checkpoints: createMemoryCheckpoints(),
      now: new FakeClock().now,
      async invoke(arn, payload) {
        invoked.push(functionArns[arn] ?? arn);
        payloads.push(payload);
        const { visitId } = payload as { visitId: string };
        return { visitId, next: 'decision', wait: { timeoutSeconds: 3 * DAY } };
      },
    });
    try {
      await sfn.startExecution('20260801-7K3QX9M2PA', { visitId: '20260801-7K3QX9M2PA' });
      await sfn.idle();
      expect(invoked.slice(0, 2)).toEqual(['draftAgenda', 'awaitDecision']);
      expect(payloads[1]).toMatchObject({ visitId: '20260801-7K3QX9M2PA', taskToken: expect.any(String) });
    } finally {
      await sfn.stop();
    }

    const first = arns[0] ?? '';
    expect(() =>
      createLocalStepFunctions({
        definition,
        stateMachineArn: STATE_MACHINE_ARN,
        knownFunctionArns: arns.filter((a) => a !== first),
        checkpoints: createMemoryCheckpoints(),
        now: () => new Date(),
        invoke: async () => null,
      }),
    ).toThrow(DefinitionRefusedError);
  });
});

describe('local Step Functions runtime on the DynamoDB checkpoint store', () => {
  it('resumes a waiting execution from dynalite after a restart', async () => {
    const emulators = await startEmulators();
    const dynamo = new DynamoDBClient({
      endpoint: emulators.endpoints.dynamodb,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await ensureTable(dynamo, 'visits');
      const checkpoints = createDynamoCheckpoints(DynamoDBDocumentClient.from(dynamo), 'visits');
      const fakes = fakeLambdas();
      const clock = new FakeClock();

      const first = await harness({ fakes, clock, checkpoints });
      const { executionArn, token } = await startWaiting(first, fakes, 'visit-d1');
      const [cp] = await checkpoints.list();
      expect(cp).toMatchObject({
        executionName: 'visit-d1',
        stateName: 'Await',
        token,
        input: { drafted: true },
      });
      expect(cp?.deadline).toBe(new Date(clock.at.getTime() + 7 * DAY * 1000).toISOString());
      await first.close();

      const second = await harness({ fakes, clock, checkpoints });
      expect((await describe_(second, executionArn)).status).toBe('RUNNING');
      expect(await second.sfn.resume()).toBe(1);
      await second.client.send(
        new SendTaskSuccessCommand({ taskToken: token, output: '{"decision":"approve"}' }),
      );
      await second.sfn.idle();

      expect(fakes.calls.request).toHaveLength(1);
      expect(await checkpoints.list()).toEqual([]);
      const third = await harness({ fakes, clock, checkpoints });
      const done = await describe_(third, executionArn);
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output ?? '')).toMatchObject({ visitId: 'visit-d1', next: 'end' });
    } finally {
      dynamo.destroy();
      await emulators.stop();
    }
  });
});
