/**
 * The embedded local runtime (`npm start`), and its composition root: one process running the emulators (DynamoDB,
 * S3, SES, Cognito), the stand-in for Secrets Manager, the Step Functions runtime with the lifecycle's ASL as the CDK
 * chain renders it, and the HTTP gateway in front of the same handler modules the stack deploys, with the local-only
 * routes (`/local/*`, and a user picker at `/auth/sign-in` standing in for the managed login), and EventBridge's
 * part: the event functions on their schedules (and on every move of the application clock), on an execution's
 * end, and on SES's bounces. Handlers reach every
 * service through the SDK's standard endpoint variables; the runtime only sets them. Data lives under `dataDir`, so
 * the next start keeps it: tables and buckets, the sign-in key, the link key, the test CA that signs issued PDFs,
 * the application clock and waiting executions, the directory (seeded at the first start with the organisation's
 * starting data) and its users.
 *
 * Each function's variables are derived from its manifest entry as the stack derives them (`environment.ts`). The
 * handlers share this one process, so they share its environment: the union of what each is given.
 */
import '#infra/local/polyfills.ts';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { appClock } from '#adapters/clock.ts';
import { createUserPool } from '#adapters/cognito-user-pool.ts';
import { createDirectory } from '#adapters/dynamodb-directory.ts';
import { seedDirectory } from '#domain/directory/seed.ts';
import { type FunctionName, ROUTES } from '#functions/manifest.ts';
import { createLocalAuth } from '#infra/local/auth.ts';
import { LOCAL_LINK_KEY_SECRET_ID, startAwsStandIns } from '#infra/local/aws-stand-ins.ts';
import { restoreClock } from '#infra/local/clock-file.ts';
import { type CognitoEmulator, ensurePool, startCognitoEmulator } from '#infra/local/cognito-emulator.ts';
import { ensureBuckets, ensureTable, startEmulators } from '#infra/local/emulators.ts';
import { LOCAL_NAMES, localEnvironments } from '#infra/local/environment.ts';
import { type LocalEvents, startLocalEvents } from '#infra/local/events.ts';
import {
  type AuthorizerHandler,
  type AuthorizerResult,
  type HttpHandler,
  startGateway,
} from '#infra/local/gateway.ts';
import { handlerLoader, type OnInvoke } from '#infra/local/handlers.ts';
import { lambdaContext } from '#infra/local/lambda-context.ts';
import {
  createLocalRoutes,
  LOCAL_LOGIN_PATH,
  type LocalRoutes,
  type SignInUser,
  signInUsers,
} from '#infra/local/local-routes.ts';
import { startSfnApiServer } from '#infra/local/stepfunctions/api-server.ts';
import { createDynamoCheckpoints } from '#infra/local/stepfunctions/dynamo-checkpoints.ts';
import { parseHolds } from '#infra/local/stepfunctions/holds.ts';
import { createLocalStepFunctions, type LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';
import { createStops } from '#infra/local/stops.ts';
import { ensureTestSigner } from '#infra/local/test-ca.ts';
import { renderLifecycleAsl } from '#workflows/render.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  /** the gateway's port; 0 picks a free one */
  port: number;
  host?: string;
  /** no progress lines from the workflow runtime */
  quiet?: boolean;
  /** told of each handler invocation as it settles: the function and its duration (benchmarks read this) */
  onInvoke?: OnInvoke;
  /** where to hold executions for a kill test (`LOCAL_HOLD`, see stepfunctions/holds.ts); none by default */
  holds?: string;
}

export interface LocalRuntime {
  url: string;
  /** aws-ses-v2-local's web page listing the mail sent */
  mailViewerUrl: string;
  dataDir: string;
  /** the variables of this process: the endpoints of the emulators and stand-ins, and every function's own */
  env: Record<string, string>;
  /** each function's own variables, derived from its manifest entry */
  environments: Record<FunctionName, Record<string, string>>;
  /** who may sign in at start (the enabled users of the directory) */
  users: readonly SignInUser[];
  /** the user pool's emulator: its mail (invitations) */
  cognito: CognitoEmulator;
  sfn: LocalStepFunctions;
  /** waiting executions resumed at start */
  resumed: number;
  stop(): Promise<void>;
}

export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const info = opts.quiet ? () => undefined : (line: string) => console.log(line);
  const stops = createStops('the local runtime');
  let ready = false;
  let events: LocalEvents | undefined;

  const stop = () => {
    ready = false;
    return stops.stopAll();
  };

  try {
    restoreClock(dataDir);
    // the local test CA, made on the first start: the `test` signer of the seed agencies
    const testSignerDir = await ensureTestSigner(dataDir);

    const emulators = await startEmulators({ dataDir });
    stops.push(() => emulators.stop());
    const standIns = await startAwsStandIns({ dataDir, linkKeySecretId: LOCAL_LINK_KEY_SECRET_ID });
    stops.push(() => standIns.stop());
    const cognito = await startCognitoEmulator({ dataDir });
    stops.push(() => cognito.stop());

    // the lifecycle, exactly as the stack ships it
    const { definition, functionArns } = renderLifecycleAsl();
    const load = handlerLoader(opts.onInvoke);
    // from here on, SDK clients (the runtime's and the handlers') find the emulators through the standard variables
    Object.assign(process.env, emulators.env, standIns.env, {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
    });
    const dynamo = new DynamoDBClient({});
    stops.push(async () => dynamo.destroy());
    const sfn = createLocalStepFunctions({
      definition,
      stateMachineArn: LOCAL_NAMES.stateMachineArn,
      knownFunctionArns: Object.keys(functionArns),
      invoke: async (arn, payload) => {
        const fn = functionArns[arn];
        if (!fn) throw new Error(`no local function for ${arn}`);
        const handler = await load(fn);
        return handler(payload, lambdaContext(fn));
      },
      checkpoints: createDynamoCheckpoints(DynamoDBDocumentClient.from(dynamo), LOCAL_NAMES.table),
      now: () => appClock.now(),
      log: opts.quiet ? undefined : (msg, data) => console.log(data ? `${msg} ${JSON.stringify(data)}` : msg),
      holds: parseHolds(opts.holds, (line) => console.log(line)),
      // EventBridge's status change: delivered once the local events are started (below)
      onEnded: (execution) => events?.executionEnded(execution),
    });
    // after the runs have stopped: the ends they delivered while stopping are handled before DynamoDB closes
    stops.push(async () => events?.stop());
    stops.push(() => sfn.stop());
    const sfnApi = await startSfnApiServer(sfn, { port: 0 });
    stops.push(() => sfnApi.close());

    // the gateway listens first (answering 503 until ready), so PUBLIC_URL and the issuer carry its real port
    let localRoutes: LocalRoutes = async () => false;
    const authorizer: AuthorizerHandler = async (event, context) =>
      (await load('authorizer'))(event, context) as Promise<AuthorizerResult>;
    const gateway = await startGateway({
      port: opts.port,
      host: opts.host,
      routes: ROUTES,
      loadHandler: async (fn) => (await load(fn)) as HttpHandler,
      authorizer,
      localRoutes: (req, res) => localRoutes(req, res),
      ready: () => ready,
    });
    stops.push(() => gateway.close());

    const issuer = `${gateway.url}/local`;
    const auth = createLocalAuth({ dataDir, issuer });
    const cognitoClient = new CognitoIdentityProviderClient({});
    stops.push(async () => cognitoClient.destroy());
    const userPoolId = await ensurePool(cognitoClient, gateway.url);
    const environments = localEnvironments({
      publicUrl: gateway.url,
      issuer,
      clientId: auth.clientId,
      userPoolId,
      loginUrl: `${gateway.url}${LOCAL_LOGIN_PATH}`,
      testSignerDir,
    });
    const env: Record<string, string> = {
      ...emulators.env,
      ...standIns.env,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      AWS_ENDPOINT_URL_SFN: sfnApi.url,
      ...Object.assign({}, ...Object.values(environments)),
    };
    Object.assign(process.env, env);

    await ensureTable(dynamo, LOCAL_NAMES.table);
    const s3 = new S3Client({ forcePathStyle: true });
    try {
      await ensureBuckets(s3, [LOCAL_NAMES.documentsBucket, LOCAL_NAMES.archiveBucket]);
    } finally {
      s3.destroy();
    }

    // the organisation's starting data, where the directory has none yet
    const directory = createDirectory(DynamoDBDocumentClient.from(dynamo), LOCAL_NAMES.table);
    await seedDirectory({ directory, userPool: createUserPool(cognitoClient, userPoolId), clock: appClock });

    // EventBridge's part: the scheduled functions, on their schedules and whenever the clock moves, the functions
    // told of an execution's end, and SES's bounces and complaints handed to the functions that hear them
    const started = startLocalEvents({
      invoke: async (fn, event) => (await load(fn))(event, lambdaContext(fn)),
      log: info,
    });
    events = started;
    stops.push(() => started.stop());
    localRoutes = createLocalRoutes({
      dataDir,
      auth,
      sfn,
      sesEndpoint: emulators.endpoints.ses,
      directory,
      publicUrl: gateway.url,
      events: started,
    });
    const resumed = await sfn.resume();
    await started.scheduled();
    ready = true;
    info(`[local] ready at ${gateway.url}${resumed > 0 ? ` (${resumed} waiting execution(s) resumed)` : ''}`);

    return {
      url: gateway.url,
      mailViewerUrl: emulators.endpoints.ses,
      dataDir,
      env,
      environments,
      users: await signInUsers(directory),
      cognito,
      sfn,
      resumed,
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
