/**
 * Renders the lifecycle chain to Amazon States Language outside any deployed stack, with a placeholder ARN per
 * task function, so the local runtime runs exactly the definition the stack ships.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { FunctionName } from '#functions/manifest.ts';
import { lifecycleChain, TASK_FUNCTIONS, type TaskFunctionName } from './lifecycle.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, localFunctionArn } from './local-arns.ts';

export function renderLifecycleAsl(): {
  definition: Record<string, unknown>;
  functionArns: Record<string, FunctionName>;
} {
  const stack = new Stack(new App(), 'Render', { env: { account: LOCAL_ACCOUNT, region: LOCAL_REGION } });
  const fns = {} as Record<TaskFunctionName, lambda.IFunction>;
  const functionArns: Record<string, FunctionName> = {};
  for (const name of TASK_FUNCTIONS) {
    const arn = localFunctionArn(name);
    fns[name] = lambda.Function.fromFunctionArn(stack, name, arn);
    functionArns[arn] = name;
  }
  const graph = new sfn.StateGraph(lifecycleChain(stack, fns).startState, 'Lifecycle');
  const definition = evaluate(stack.resolve(graph.toGraphJson())) as Record<string, unknown>;
  return { definition, functionArns };
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Evaluates the CloudFormation intrinsics a rendered definition can hold (Fn::Join of pseudo parameters). */
export function evaluate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(evaluate);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof obj.Ref === 'string' && PSEUDO[obj.Ref])
    return PSEUDO[obj.Ref];
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(evaluate(p))).join(sep);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = evaluate(obj[k]);
  return out;
}
