// There is no Step Functions emulator here yet: these tests inject, with aws-sdk-client-mock, only the answers
// an emulator cannot be made to give on demand (closed tasks, an execution that already exists). Starting and
// answering real executions is left to the integration tests against the local runtime.
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkflow, executionArn } from '#adapters/sfn-workflow.ts';
import { TaskClosedError } from '#domain/errors.ts';

const ARN = 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:VisitLifecycle';
const sfn = new SFNClient({
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(sfn);
const workflow = createWorkflow(sfn, ARN);
const meta = { $metadata: {}, message: 'injected' };

afterEach(() => {
  mock.reset();
});

describe('answering a task', () => {
  it.each([
    ['TaskTimedOut', new TaskTimedOut(meta)],
    ['TaskDoesNotExist', new TaskDoesNotExist(meta)],
    ['InvalidToken', new InvalidToken(meta)],
  ])('a task that is no longer waiting (%s) answers TaskClosedError', async (name, error) => {
    mock.on(SendTaskSuccessCommand).rejects(error);
    mock.on(SendTaskFailureCommand).rejects(error);

    const success = workflow.succeed('token', { decision: 'approve' });
    const failure = workflow.fail('token', 'Rejected', 'no');

    await expect(success).rejects.toBeInstanceOf(TaskClosedError);
    await expect(failure).rejects.toMatchObject({ code: 'TASK_CLOSED', reason: name });
  });

  it('any other failure is passed on unchanged', async () => {
    const throttled = new SFNServiceException({ name: 'ThrottlingException', $fault: 'client', ...meta });
    mock.on(SendTaskSuccessCommand).rejects(throttled);

    await expect(workflow.succeed('token', {})).rejects.toBe(throttled);
  });
});

describe('starting a visit', () => {
  it('a retried start with the same input succeeds without a second execution', async () => {
    mock.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(meta));
    mock
      .on(DescribeExecutionCommand, { executionArn: executionArn(ARN, 'v2') })
      .resolves({ input: '{"b":2,"visitId":"v2"}' });

    await expect(workflow.start('v2', { visitId: 'v2', b: 2 })).resolves.toBeUndefined();
  });

  it('a start with another input under the same visit id is refused', async () => {
    const exists = new ExecutionAlreadyExists(meta);
    mock.on(StartExecutionCommand).rejects(exists);
    mock.on(DescribeExecutionCommand).resolves({ input: '{"visitId":"v3","b":1}' });

    await expect(workflow.start('v3', { visitId: 'v3', b: 2 })).rejects.toBe(exists);
  });
});
