import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, Duration, type ILocalBundling, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#functions/manifest.ts';
import { BUNDLE_FILE, BUNDLE_MODULE, bundleDirOf, bundleEntrySync } from '#infra/bundling.ts';
import { acknowledge } from './nag.ts';
import { ServiceRole } from './roles.ts';

/** The repository root: handler entries in the manifest are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime that both Lambda and cdk-nag's AwsSolutions-L1 accept. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The context key naming a directory of bundles already built by `#infra/bundling.ts` (`<dir>/<entry without
 * .ts>/index.mjs`): the functions' code is taken from there instead of being bundled again. The tests bundle every
 * function once per run and synthesize each stage from those bundles; `cdk synth` and `cdk deploy` never set it.
 */
export const PREBUILT_BUNDLES_CONTEXT = 'prebuiltBundles';

export interface ServiceFunctionProps {
  /** the handler module (relative to the repository root), memory and timeout, as in the manifest */
  spec: Pick<FunctionSpec, 'entry' | 'memoryMb' | 'timeoutSeconds'>;
  environment?: Record<string, string>;
  logRetention: logs.RetentionDays;
  /**
   * Who invokes the function and how a failure is handled: either the reason a synchronous function needs no
   * dead-letter queue, or `asynchronous`, and the function gets a dead-letter queue of its own for the events its
   * retries could not handle.
   */
  invocation: string | { asynchronous: true };
}

/**
 * The house Lambda function: one per manifest entry. Owns the function, its log group (with retention) and its
 * role, which starts with nothing but writing to that log group and sending X-Ray traces (in a policy of its own,
 * `ServiceRole`); every other permission comes from the grant mapper (`grants.ts`) according to the manifest's
 * access list.
 *
 * arm64, the newest Node.js runtime, the entry bundled by the house bundler (`#infra/bundling.ts`: an ESM bundle
 * minified by local esbuild with the AWS SDK inside), active tracing, and the manifest's memory and timeout.
 */
export class ServiceFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** where an asynchronous function's failed events go, after Lambda's two retries */
  readonly deadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { spec } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new ServiceRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${spec.entry}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const asynchronous = typeof props.invocation !== 'string';
    if (asynchronous) {
      this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const reason =
        `The dead-letter queue of ${spec.entry} (an asynchronous function) and of its event source: it receives ` +
        'the events that failed after their retries, for an operator to read; nothing consumes it, so it needs ' +
        'no dead-letter queue of its own. An alarm watches its depth.';
      acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', reason);
      acknowledge(this.deadLetterQueue, 'Serverless-SQSRedrivePolicy', reason);
    }

    this.fn = new lambda.Function(this, 'Function', {
      code: bundledCode(this, spec.entry),
      handler: `${BUNDLE_MODULE}.handler`,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      role: this.role,
      environment: props.environment ?? {},
      ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue } : {}),
    });

    if (typeof props.invocation === 'string') acknowledge(this, 'Serverless-LambdaDLQ', props.invocation);
  }
}

/**
 * The code of the function whose handler module is `entry`: its prebuilt bundle where the app is given a directory
 * of them (PREBUILT_BUNDLES_CONTEXT), else the entry bundled at synthesis, locally. CDK skips the bundling of a
 * stack it is not asked for (`aws:cdk:bundling-stacks`), so a synth that reads no code costs no bundling.
 */
function bundledCode(scope: Construct, entry: string): lambda.Code {
  const prebuilt: unknown = scope.node.tryGetContext(PREBUILT_BUNDLES_CONTEXT);
  if (typeof prebuilt === 'string') {
    const dir = join(prebuilt, bundleDirOf(entry));
    if (!existsSync(join(dir, BUNDLE_FILE))) throw new Error(`no prebuilt bundle of ${entry} in ${prebuilt}`);
    return lambda.Code.fromAsset(dir);
  }
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new LocalBundling(entry),
      // CDK wants an image to bundle in should local bundling decline; ours never declines (esbuild comes with the
      // project's dev dependencies, as the CDK CLI does), so the image is never pulled.
      image: RUNTIME.bundlingImage,
    },
  });
}

/**
 * Bundles one entry where CDK stages its asset. The entry is a field, not only in a closure: CDK stages assets
 * with equal options once per synthesis, comparing the options as JSON, so the entry must be part of them.
 */
class LocalBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleEntrySync(this.entry, outputDir);
    return true;
  }
}
