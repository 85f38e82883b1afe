/** The Lambda context a local invocation gets: the names Lambda would give, the manifest's memory and timeout. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#workflows/local-arns.ts';

/** A Lambda-like context for one invocation of `fn`, with the manifest's memory size and timeout. */
export function lambdaContext(fn: FunctionName, requestId: string = randomUUID()): Context {
  const spec = FUNCTIONS[fn];
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const name = `exchange-visits-${fn}`;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
