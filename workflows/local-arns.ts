/**
 * The account and region the local runtime plays, and the ARN it gives each task function: in the ASL it runs
 * (`render.ts`), and wherever the local runtime names an AWS resource (a state machine, a secret, a function, an
 * API route) or tells the SDK clients their region.
 */
import type { FunctionName } from '#functions/manifest.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'ap-southeast-1';

export function localFunctionArn(name: FunctionName): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
}
