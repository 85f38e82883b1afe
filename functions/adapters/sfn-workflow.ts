/**
 * Workflow on Step Functions. One Standard execution per visit, named by the visit id, so a retried start does
 * not start a second; callbacks answer a waiting task by its token. A task that no longer waits answers
 * TaskClosedError.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { TaskClosedError } from '#domain/errors.ts';
import { canonicalJson } from '#domain/events.ts';
import type { Workflow } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';

const CLOSED_TASK_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** SendTaskFailure limits: error 256 characters, cause 32768. */
const ERROR_MAX = 256;
const CAUSE_MAX = 32_768;

function closedTask(err: unknown): never {
  const name = (err as { name?: string } | undefined)?.name;
  if (name && CLOSED_TASK_ERRORS.has(name)) throw new TaskClosedError(name);
  throw err;
}

/** arn:aws:states:<region>:<account>:stateMachine:<name> → …:execution:<name>:<executionName> */
export function executionArn(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/**
 * The workflow of one state machine on `sfn`. Only `start` needs the machine's ARN, so it may be given as a
 * function, called on the first start.
 */
export function createWorkflow(sfn: SFNClient, machine: string | (() => string)): Workflow {
  return {
    async start(visitId, input) {
      const stateMachineArn = typeof machine === 'string' ? machine : machine();
      const body = JSON.stringify(input);
      try {
        await sfn.send(new StartExecutionCommand({ stateMachineArn, name: visitId, input: body }));
      } catch (err) {
        if (!(err instanceof ExecutionAlreadyExists)) throw err;
        // the same start retried is done already; a different input under the same name is a real conflict
        const existing = await sfn.send(
          new DescribeExecutionCommand({ executionArn: executionArn(stateMachineArn, visitId) }),
        );
        const same =
          existing.input !== undefined && canonicalJson(JSON.parse(existing.input)) === canonicalJson(input);
        if (!same) throw err;
      }
    },

    async succeed(taskToken, output) {
      try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      } catch (err) {
        closedTask(err);
      }
    },

    async fail(taskToken, error, cause) {
      try {
        await sfn.send(
          new SendTaskFailureCommand({
            taskToken,
            error: error.slice(0, ERROR_MAX),
            cause: cause.slice(0, CAUSE_MAX),
          }),
        );
      } catch (err) {
        closedTask(err);
      }
    },
  };
}

/**
 * The workflow on STATE_MACHINE_ARN, with one client for the process. The ARN is read at the first start: only a
 * function that starts executions (`workflow:start`) is given it; one that answers waiting tasks by their tokens
 * (`workflow:callback`) is not, and needs none.
 */
export const workflow = lazy(() =>
  createWorkflow(
    new SFNClient({}),
    lazy(() => requireEnv(ENV.stateMachineArn)),
  ),
);
