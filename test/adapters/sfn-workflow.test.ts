/**
 * The Step Functions adapter against the local Step Functions service, through a real SFNClient over its JSON
 * protocol: a one-state machine whose callback task hands its token to a fake Lambda, and a movable
 * application clock so a deadline passes without waiting. Only throttling, which the local service cannot
 * produce, is injected with aws-sdk-client-mock.
 */
import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, executionArn } from '#adapters/sfn-workflow.ts';
import { TaskClosedError } from '#domain/errors.ts';
import type { Workflow } from '#domain/ports.ts';
import { type SfnApiServer, startSfnApiServer } from '#infra/local/stepfunctions/api-server.ts';
import { createMemoryCheckpoints } from '#infra/local/stepfunctions/checkpoints.ts';
import { createLocalStepFunctions, type LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';

const ARN = 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:VisitLifecycle';
const REQUEST = 'arn:aws:lambda:ap-southeast-1:123456789012:function:awaitDecision';
const DAY = 24 * 3600;

/** Await (callback, deadline from the input) → end; no Retry or Catch, so a failed task fails the execution. */
const definition = {
  StartAt: 'Await',
  States: {
    Await: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: REQUEST,
        Payload: { 'visitId.$': '$.visitId', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.timeoutSeconds',
      ResultPath: '$.answer',
      End: true,
    },
  },
};

class FakeClock {
  at = new Date('2026-09-01T01:00:00.000Z');
  now = () => new Date(this.at);
  advanceSeconds(seconds: number) {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

/** every token the callback Lambda received, per visit id, in order */
const tokens = new Map<string, string[]>();
const clock = new FakeClock();
let local: LocalStepFunctions;
let server: SfnApiServer;
let client: SFNClient;
let workflow: Workflow;

beforeAll(async () => {
  local = createLocalStepFunctions({
    definition,
    stateMachineArn: ARN,
    knownFunctionArns: [REQUEST],
    checkpoints: createMemoryCheckpoints(),
    now: clock.now,
    async invoke(_arn, payload) {
      const { visitId, taskToken } = payload as { visitId: string; taskToken: string };
      tokens.set(visitId, [...(tokens.get(visitId) ?? []), taskToken]);
      return { sent: true };
    },
  });
  server = await startSfnApiServer(local, { port: 0 });
  client = new SFNClient({
    endpoint: server.url,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  workflow = createWorkflow(client, ARN);
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
  await server?.close();
});

const input = (visitId: string, timeoutSeconds = DAY) => ({ visitId, timeoutSeconds });

async function describeVisit(visitId: string) {
  return client.send(new DescribeExecutionCommand({ executionArn: executionArn(ARN, visitId) }));
}

/** Starts the visit through the adapter and returns the token its callback state is waiting on. */
async function startWaiting(visitId: string, timeoutSeconds = DAY): Promise<string> {
  await workflow.start(visitId, input(visitId, timeoutSeconds));
  await local.idle();
  const token = tokens.get(visitId)?.at(-1);
  if (!token) throw new Error(`${visitId} did not reach its callback state`);
  return token;
}

describe('starting a visit', () => {
  it('starts one execution named by the visit id, with the input as given', async () => {
    await startWaiting('v1');

    const execution = await describeVisit('v1');
    expect(execution.status).toBe('RUNNING');
    expect(execution.name).toBe('v1');
    expect(JSON.parse(execution.input ?? '')).toEqual(input('v1'));
    expect(tokens.get('v1')).toHaveLength(1);
  });

  it('a retried start with the same input succeeds without a second execution', async () => {
    await startWaiting('v2');

    // the same text: the service answers with the running execution
    await expect(workflow.start('v2', input('v2'))).resolves.toBeUndefined();
    // the same input with its keys in another order: ExecutionAlreadyExists, then DescribeExecution finds it equal
    await expect(workflow.start('v2', { timeoutSeconds: DAY, visitId: 'v2' })).resolves.toBeUndefined();
    await local.idle();

    expect(tokens.get('v2')).toHaveLength(1);
    const execution = await describeVisit('v2');
    expect(execution.status).toBe('RUNNING');
    expect(execution.startDate).toEqual(new Date('2026-09-01T01:00:00.000Z'));
  });

  it('a retried start after the execution has ended succeeds without starting it again', async () => {
    const token = await startWaiting('v3');
    await workflow.succeed(token, { decision: 'approve' });
    await local.idle();

    await expect(workflow.start('v3', input('v3'))).resolves.toBeUndefined();
    await local.idle();

    expect(tokens.get('v3')).toHaveLength(1);
    expect((await describeVisit('v3')).status).toBe('SUCCEEDED');
  });

  it('a start with another input under the same visit id is refused', async () => {
    await startWaiting('v4');

    await expect(workflow.start('v4', input('v4', 2 * DAY))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await local.idle();

    expect(tokens.get('v4')).toHaveLength(1);
    expect(JSON.parse((await describeVisit('v4')).input ?? '')).toEqual(input('v4'));
  });
});

describe('answering a task', () => {
  it('succeed settles the waiting task and the execution ends with its output', async () => {
    const token = await startWaiting('v5');

    await workflow.succeed(token, { decision: 'approve', by: 'head-of-unit' });
    await local.idle();

    const execution = await describeVisit('v5');
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      ...input('v5'),
      answer: { decision: 'approve', by: 'head-of-unit' },
    });
    // once settled, the token is closed
    await expect(workflow.succeed(token, {})).rejects.toMatchObject({
      code: 'TASK_CLOSED',
      reason: 'TaskDoesNotExist',
    });
  });

  it('fail routes the task to failure with its error and cause', async () => {
    const token = await startWaiting('v6');

    await workflow.fail(token, 'Rejected', 'not this year');
    await local.idle();

    const execution = await describeVisit('v6');
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Rejected');
    expect(execution.cause).toBe('not this year');
    await expect(workflow.fail(token, 'Rejected', 'again')).rejects.toBeInstanceOf(TaskClosedError);
  });

  it('an unknown token answers TaskClosedError (TaskDoesNotExist)', async () => {
    const unknown = 'A'.repeat(128);

    await expect(workflow.succeed(unknown, { decision: 'approve' })).rejects.toBeInstanceOf(TaskClosedError);
    await expect(workflow.fail(unknown, 'Rejected', 'no')).rejects.toMatchObject({
      code: 'TASK_CLOSED',
      reason: 'TaskDoesNotExist',
    });
  });

  it('a malformed token answers TaskClosedError (InvalidToken)', async () => {
    const malformed = 'not a token!';

    await expect(workflow.succeed(malformed, { decision: 'approve' })).rejects.toBeInstanceOf(
      TaskClosedError,
    );
    await expect(workflow.fail(malformed, 'Rejected', 'no')).rejects.toMatchObject({
      code: 'TASK_CLOSED',
      reason: 'InvalidToken',
    });
  });

  it('a token whose state has passed its deadline answers TaskClosedError (TaskTimedOut)', async () => {
    const token = await startWaiting('v7', 60);

    clock.advanceSeconds(61);
    local.clockChanged();
    await local.idle();

    const execution = await describeVisit('v7');
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    await expect(workflow.succeed(token, { decision: 'approve' })).rejects.toBeInstanceOf(TaskClosedError);
    await expect(workflow.fail(token, 'Rejected', 'late')).rejects.toMatchObject({
      code: 'TASK_CLOSED',
      reason: 'TaskTimedOut',
    });
  });
});

// The local service cannot throttle, so this one fault is injected into a separate client.
describe('answering a task when the service throttles', () => {
  const throttledClient = new SFNClient({
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const mock = mockClient(throttledClient);

  afterEach(() => {
    mock.reset();
  });

  afterAll(() => {
    mock.restore();
    throttledClient.destroy();
  });

  it('any other failure is passed on unchanged', async () => {
    const throttled = new SFNServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: {},
      message: 'Rate exceeded',
    });
    mock.on(SendTaskSuccessCommand).rejects(throttled);

    await expect(createWorkflow(throttledClient, ARN).succeed('token', {})).rejects.toBe(throttled);
  });
});
