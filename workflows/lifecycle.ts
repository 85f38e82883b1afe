/**
 * The visit lifecycle, written once as a CDK chain (JSONPath only: the local interpreter ignores JSONata and
 * Assign). infra/aws wraps it in a Standard state machine; infra/local renders the same chain to ASL and runs it.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';

export type TaskFunctionName = {
  [K in FunctionName]: (typeof FUNCTIONS)[K]['kind'] extends 'task' ? K : never;
}[FunctionName];

export const TASK_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (n): n is TaskFunctionName => FUNCTIONS[n].kind === 'task',
);

/** Builds the lifecycle's chain in `scope`, invoking the given task functions. */
export function lifecycleChain(
  scope: Construct,
  fns: Record<TaskFunctionName, lambda.IFunction>,
): sfn.IChainable {
  const draft = new tasks.LambdaInvoke(scope, 'DraftAgenda', {
    lambdaFunction: fns.draftAgenda,
    payloadResponseOnly: true,
  });
  return draft.next(new sfn.Succeed(scope, 'Done'));
}
