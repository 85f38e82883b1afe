/**
 * cdk-nag wiring: the two rule packs the app must pass, and the helpers every construct uses to acknowledge a
 * finding on itself, each with its reason. An acknowledgement names one finding exactly (for IAM wildcards, the
 * resource as cdk-nag prints it), so a new wildcard still fails the synth.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** Both packs, verbose; synthesis fails on any unacknowledged error. */
export function nagPacks(scope?: IConstruct): [AwsSolutionsChecks, ServerlessChecks] {
  return [new AwsSolutionsChecks(scope, { verbose: true }), new ServerlessChecks(scope, { verbose: true })];
}

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The IAM5 finding id for an allowed wildcard resource, e.g. `AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]`. */
export function wildcardResource(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}
