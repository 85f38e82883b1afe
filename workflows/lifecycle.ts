/**
 * The visit lifecycle, written once as a CDK chain (JSONPath only: the local interpreter ignores JSONata and
 * Assign). infra/aws wraps it in a Standard state machine; infra/local renders the same chain to ASL and runs it.
 *
 * The state between steps is `{ visitId, next, wait }`: every Lambda step returns it whole, `next` names where the
 * Route choice goes, and `wait` describes the callback state about to be entered (its timeout in seconds comes
 * from the application clock, so time-based turns are callback timeouts, never long Wait states).
 *
 *   DraftAgenda ─▶ AwaitDecision ─(decision | States.Timeout)─▶ Decide ─▶ Route ─┬─▶ AwaitDecision
 *   DraftMinutes ─▶ AwaitDecision                                                ├─▶ AwaitMinutes ─▶ Decide
 *                                                                                 ├─▶ DraftAgenda / DraftMinutes
 *                                                                                 ├─▶ ArchiveVisit ─▶ Done
 *                                                                                 └─▶ Done (rejected, expired)
 * Any step that still fails after its retries is caught by MarkFailed, which records FAILED with the reason. A
 * cancel ends the execution through the chain, never by aborting it: the open wait receives a `VisitCancelled`
 * failure, and a step that finds its visit cancelled throws the same error; every state catches it, without a
 * retry, into MarkCancelled, which ends at Cancelled.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { VISIT_CANCELLED } from '#domain/errors.ts';
import type { Next } from '#domain/lifecycle.ts';
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';

export type TaskFunctionName = {
  [K in FunctionName]: (typeof FUNCTIONS)[K]['kind'] extends 'task' ? K : never;
}[FunctionName];

export const TASK_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (n): n is TaskFunctionName => FUNCTIONS[n].kind === 'task',
);

const RETRY: sfn.RetryProps = {
  errors: ['States.TaskFailed'],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 3,
};

/** Builds the lifecycle's chain in `scope`, invoking the given task functions. */
export function lifecycleChain(
  scope: Construct,
  fns: Record<TaskFunctionName, lambda.IFunction>,
): sfn.IChainable {
  const step = (id: string, fn: lambda.IFunction) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });

  const callback = (id: string, fn: lambda.IFunction) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        visitId: sfn.JsonPath.stringAt('$.visitId'),
        wait: sfn.JsonPath.objectAt('$.wait'),
        taskToken: sfn.JsonPath.taskToken,
      }),
      taskTimeout: sfn.Timeout.at('$.wait.timeoutSeconds'),
      resultPath: '$.decision',
      retryOnServiceExceptions: true,
    });

  /** An end of the lifecycle: records how the visit ended, with the error that brought it there. */
  const ending = (id: string, fn: lambda.IFunction) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        visitId: sfn.JsonPath.stringAt('$.visitId'),
        error: sfn.JsonPath.objectAt('$.error'),
      }),
      retryOnServiceExceptions: true,
    }).addRetry(RETRY);

  const failed = ending('MarkFailed', fns.markFailed).next(
    new sfn.Fail(scope, 'Failed', { error: 'VisitFailed', cause: 'A step failed after its retries' }),
  );
  const onError = { resultPath: '$.error', errors: ['States.ALL'] };
  const cancelled = ending('MarkCancelled', fns.markCancelled)
    .addCatch(failed, onError)
    .next(new sfn.Succeed(scope, 'Cancelled'));
  // a cancel is not retried (the first retrier that matches decides, and this one allows none): it is caught
  const noRetryOnCancel: sfn.RetryProps = { errors: [VISIT_CANCELLED], maxAttempts: 0 };
  const onCancel = { resultPath: '$.error', errors: [VISIT_CANCELLED] };
  /** A step's retries, and its catches: a cancel to MarkCancelled, anything else after its retries to MarkFailed. */
  const guarded = <T extends sfn.TaskStateBase>(state: T, first?: (s: T) => void): T => {
    state.addRetry(noRetryOnCancel).addRetry(RETRY);
    first?.(state);
    state.addCatch(cancelled, onCancel).addCatch(failed, onError);
    return state;
  };

  const draftAgenda = guarded(step('DraftAgenda', fns.draftAgenda));
  const draftMinutes = guarded(step('DraftMinutes', fns.draftMinutes));
  const archive = guarded(step('ArchiveVisit', fns.archiveVisit));
  const decide = guarded(step('Decide', fns.decide));
  const timeoutToDecide = (s: tasks.LambdaInvoke) => {
    s.addCatch(decide, { errors: ['States.Timeout'], resultPath: '$.timeout' });
  };
  const awaitDecision = guarded(callback('AwaitDecision', fns.awaitDecision), timeoutToDecide);
  const awaitMinutes = guarded(callback('AwaitMinutes', fns.awaitMinutes), timeoutToDecide);
  const done = new sfn.Succeed(scope, 'Done');

  const is = (next: Next) => sfn.Condition.stringEquals('$.next', next);
  const route = new sfn.Choice(scope, 'Route')
    .when(is('decision'), awaitDecision)
    .when(is('minutes'), awaitMinutes)
    .when(is('draftAgenda'), draftAgenda)
    .when(is('draftMinutes'), draftMinutes)
    .when(is('archive'), archive)
    .when(is('end'), done)
    .otherwise(
      new sfn.Pass(scope, 'UnknownNext', {
        parameters: { Error: 'UnknownNext', 'Cause.$': '$.next' },
        resultPath: '$.error',
      }).next(failed),
    );

  draftAgenda.next(awaitDecision);
  draftMinutes.next(awaitDecision);
  awaitDecision.next(decide);
  awaitMinutes.next(decide);
  decide.next(route);
  archive.next(done);
  return draftAgenda;
}
