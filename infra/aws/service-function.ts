import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#functions/manifest.ts';
import { BUNDLE_ALIASES, pdfAssetCommands } from '#infra/bundling.ts';
import { acknowledge } from './nag.ts';

/** The repository root: handler entries in the manifest are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime that both Lambda and cdk-nag's AwsSolutions-L1 accept. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * ESM bundles have no `require`; some CommonJS dependencies call it (for Node built-ins), so the bundle defines
 * one from `import.meta.url` before anything else runs.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface ServiceFunctionProps {
  /** the handler module (relative to the repository root), memory and timeout, as in the manifest */
  spec: Pick<FunctionSpec, 'entry' | 'memoryMb' | 'timeoutSeconds' | 'pdf'>;
  environment?: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** who invokes the function and how a failure is handled: the reason it needs no dead-letter queue */
  invocation: string;
}

/**
 * The house Lambda function: one per manifest entry. Owns the function, its log group (with retention) and its
 * role, which starts with nothing but writing to that log group and sending X-Ray traces; every other permission
 * comes from the grant mapper (`grants.ts`) according to the manifest's access list.
 *
 * arm64, the newest Node.js runtime, an ESM bundle minified by local esbuild with the AWS SDK inside (the
 * runtime's copy is not pinned to our versions), active tracing, and the manifest's memory and timeout.
 */
export class ServiceFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { spec } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
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

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}${spec.entry}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      role: this.role,
      environment: props.environment ?? {},
      bundling: {
        format: nodejs.OutputFormat.ESM,
        minify: true,
        bundleAwsSDK: true,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node24',
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        forceDockerBundling: false,
        // a function that draws PDFs reads its fonts and ICC profile from beside its bundle
        ...(spec.pdf
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => pdfAssetCommands(inputDir, outputDir),
              },
            }
          : {}),
      },
    });

    acknowledge(this, 'Serverless-LambdaDLQ', props.invocation);
    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions: AWS requires Resource "*".',
    );
  }
}
