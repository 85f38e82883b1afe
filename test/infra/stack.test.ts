import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Access,
  DEFAULT_ROUTE,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
  ROUTES,
  type Setting,
} from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import { nagPacks } from '#infra/aws/nag.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { TABLE } from '#infra/table.ts';
import { TASK_FUNCTIONS } from '#workflows/lifecycle.ts';
import {
  allowedActions,
  asArray,
  covers,
  logicalId,
  mentions,
  roleStatements,
  type Statement,
} from './support.ts';

/**
 * The actions each access should allow, written out here independently of the grant mapper, so that a widened
 * grant fails these tests instead of being mirrored by them.
 */
const EXPECTED_ACTIONS: Record<Access, string[]> = {
  'table:read': ['dynamodb:GetItem', 'dynamodb:Query'],
  'table:write': ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  'documents:read': ['s3:GetObject', 's3:GetObjectVersion'],
  'documents:write': ['s3:PutObject'],
  'archive:read': ['s3:GetObject', 's3:GetObjectVersion'],
  'archive:write': ['s3:PutObject', 's3:GetObject', 's3:ListBucket'],
  'mail:send': ['ses:SendEmail', 'ses:SendRawEmail'],
  'workflow:start': ['states:StartExecution', 'states:DescribeExecution'],
  'workflow:callback': ['states:SendTaskSuccess', 'states:SendTaskHeartbeat'],
  'workflow:fail': ['states:SendTaskFailure'],
  'linkKey:read': ['secretsmanager:GetSecretValue'],
  'directory:read': ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  'directory:write': ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  'userPool:admin': [
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminRemoveUserFromGroup',
    'cognito-idp:AdminListGroupsForUser',
    'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminEnableUser',
    'cognito-idp:AdminUserGlobalSignOut',
  ],
  'signer:sign': ['kms:Sign', 'kms:GetPublicKey', 'secretsmanager:GetSecretValue'],
  'signatureRoots:read': ['secretsmanager:GetSecretValue'],
};
/**
 * The variables each access and each setting should set, written out here independently of the manifest's
 * tables, so that a function given more than it declares fails these tests.
 */
const EXPECTED_VARIABLES: Record<Access | Setting, string[]> = {
  'table:read': ['TABLE_NAME'],
  'table:write': ['TABLE_NAME'],
  'documents:read': ['DOCUMENTS_BUCKET'],
  'documents:write': ['DOCUMENTS_BUCKET'],
  'archive:read': ['ARCHIVE_BUCKET'],
  'archive:write': ['ARCHIVE_BUCKET'],
  'mail:send': ['SENDER_EMAIL', 'SES_CONFIGURATION_SET'],
  'workflow:start': ['STATE_MACHINE_ARN'],
  'workflow:callback': [],
  'workflow:fail': [],
  'linkKey:read': ['LINK_KEY_SECRET_ID'],
  'directory:read': ['TABLE_NAME'],
  'directory:write': ['TABLE_NAME'],
  'userPool:admin': ['USER_POOL_ID'],
  'signer:sign': ['TEST_SIGNER_DIR', 'SIGNER_KMS_KEY_ID', 'SIGNER_CERTIFICATE_SECRET_ID'],
  'signatureRoots:read': ['TEST_SIGNER_DIR', 'SIGNATURE_ROOTS_SECRET_ID'],
  publicUrl: ['PUBLIC_URL'],
  signIn: ['COGNITO_DOMAIN', 'USER_POOL_CLIENT_ID'],
  tokenVerification: ['JWT_ISSUER', 'JWKS_URI', 'USER_POOL_CLIENT_ID'],
  archiveRetention: ['ARCHIVE_RETENTION_DAYS'],
  timestamp: ['TIMESTAMP_URL'],
};
/**
 * What this stage has no value for: the local test CA's files (no stage has them), and a timestamp authority (this
 * stage names none; signing.test.ts gives one).
 */
const NOT_ON_THIS_STAGE = new Set(['TEST_SIGNER_DIR', 'TIMESTAMP_URL']);
/** What every function may do whatever its access: write its own logs and send traces. */
const BASELINE_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

let stack: ExchangeVisitsStack;
let template: Template;
let statementsOf: (name: FunctionName) => Statement[];

beforeAll(() => {
  // The app as `cdk synth` builds it (dev stage from cdk.json), cdk-nag packs registered: synthesis itself
  // fails on an unacknowledged error. Bundling is skipped here (bundling.test.ts covers it): these properties do
  // not depend on the handlers' code. CloudFormation schema validation (a warning-only report, several seconds) is
  // left to `cdk synth`.
  ({ stack } = createApp({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  }));
  template = Template.fromStack(stack);
  statementsOf = (name) => roleStatements(template, logicalId(stack.functions.byName[name].role));
});

describe('cdk-nag', () => {
  it('reports no unacknowledged finding from the AwsSolutions and Serverless packs', () => {
    const findings = nagPacks().flatMap((pack) =>
      pack
        .validateScope(stack)
        .violations.map(
          (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath)}`,
        ),
    );
    expect(findings).toEqual([]);
  });
});

describe('storage', () => {
  it('keeps the table on-demand, encrypted, with point-in-time recovery, and retains it', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
  });

  it('builds the table with the key schema and indexes of the shared table definition', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(table?.Properties.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    const gsis = (table?.Properties.GlobalSecondaryIndexes ?? []) as {
      IndexName: string;
      KeySchema: unknown;
    }[];
    const indexes = gsis.map((i) => [i.IndexName, i.KeySchema]);
    expect(indexes).toEqual(
      TABLE.indexes.map((i) => [
        i.name,
        [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
      ]),
    );
  });

  it('gives no fixed name to the table or the buckets', () => {
    for (const t of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(t.Properties.TableName).toBeUndefined();
    }
    for (const b of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(b.Properties.BucketName).toBeUndefined();
    }
  });

  it('encrypts, blocks public access to, and retains every bucket', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBeGreaterThan(0);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toBeDefined;
    }
  });

  it('refuses every request to every bucket that does not use TLS', () => {
    const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    for (const id of buckets) {
      const policy = policies.find((p) => p.Properties.Bucket.Ref === id);
      const statements = asArray(policy?.Properties.PolicyDocument.Statement ?? []) as Statement[];
      expect(
        statements.some(
          (s) =>
            s.Effect === 'Deny' &&
            asArray(s.Action).includes('s3:*') &&
            JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
        `bucket ${id} has no TLS-only policy`,
      ).toBe(true);
    }
  });

  it('versions the documents bucket and logs its access', () => {
    const id = logicalId(stack.storage.documentsBucket);
    const bucket = template.findResources('AWS::S3::Bucket')[id];
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket?.Properties.LoggingConfiguration.DestinationBucketName).toEqual({
      Ref: logicalId(stack.storage.accessLogsBucket),
    });
  });

  it('locks the archive in GOVERNANCE mode for a dev stage, for the configured number of days', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[logicalId(stack.storage.archiveBucket)];
    expect(bucket?.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket?.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } },
    });
    expect(bucket?.Properties.LoggingConfiguration.DestinationBucketName).toEqual({
      Ref: logicalId(stack.storage.accessLogsBucket),
    });
  });
});

describe('functions', () => {
  it('runs every function on arm64 with the newest Node.js runtime, active tracing and the manifest sizing', () => {
    for (const name of NAMES) {
      const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.byName[name].fn)];
      expect(fn?.Properties).toMatchObject({
        Architectures: ['arm64'],
        Runtime: 'nodejs24.x',
        TracingConfig: { Mode: 'Active' },
        MemorySize: FUNCTIONS[name].memoryMb,
        Timeout: FUNCTIONS[name].timeoutSeconds,
      });
    }
  });

  it('sends every function log to its own log group with a retention period', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const group = groups[fn.Properties.LoggingConfig.LogGroup.Ref];
      expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  const environmentOf = (name: FunctionName): Record<string, unknown> | undefined =>
    template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.byName[name].fn)]?.Properties
      .Environment?.Variables;

  it.each(NAMES)('gives %s exactly the environment its manifest access and settings imply', (name) => {
    const spec = FUNCTIONS[name];
    const expected = new Set<string>(
      [
        ...spec.access.flatMap((a) => EXPECTED_VARIABLES[a]),
        ...spec.settings.flatMap((s) => EXPECTED_VARIABLES[s]),
      ].filter((v) => !NOT_ON_THIS_STAGE.has(v)),
    );
    expect(Object.keys(environmentOf(name) ?? {}).sort()).toEqual([...expected].sort());
  });

  it('gives the health check no environment at all', () => {
    expect(environmentOf('healthz')).toBeUndefined();
  });

  it('points each resource variable at its own resource', () => {
    const ref = (construct: Parameters<typeof logicalId>[0]) => ({ Ref: logicalId(construct) });
    expect(environmentOf('archiveVisit')).toMatchObject({
      TABLE_NAME: ref(stack.storage.table),
      DOCUMENTS_BUCKET: ref(stack.storage.documentsBucket),
      ARCHIVE_BUCKET: ref(stack.storage.archiveBucket),
      SES_CONFIGURATION_SET: ref(stack.mail.configurationSet),
      ARCHIVE_RETENTION_DAYS: '3650',
    });
    expect(environmentOf('approvalLink')).toMatchObject({ LINK_KEY_SECRET_ID: ref(stack.linkKey.secret) });
    expect(environmentOf('authorizer')).toMatchObject({
      USER_POOL_CLIENT_ID: ref(stack.auth.client),
    });
  });

  it('gives the state machine ARN to the functions that start executions, and to no task function', () => {
    expect(environmentOf('submitVisit')?.STATE_MACHINE_ARN).toEqual({
      Ref: logicalId(stack.workflow.stateMachine),
    });
    for (const name of TASK_FUNCTIONS) expect(environmentOf(name)?.STATE_MACHINE_ARN).toBeUndefined();
  });
});

describe('permissions', () => {
  it.each(NAMES)('lets %s do exactly what its manifest access implies', (name) => {
    const spec: FunctionSpec = FUNCTIONS[name];
    // an asynchronous function invoked by events that come once (an execution's end, a bounce) sends what its
    // retries could not handle to its own dead-letter queue; a scheduled one's next run repeats the work
    const once = spec.kind === 'event' && !(spec.trigger && 'everyMinutes' in spec.trigger);
    const deadLetters = once ? ['sqs:SendMessage'] : [];
    const expected = new Set([
      ...BASELINE_ACTIONS,
      ...deadLetters,
      ...spec.access.flatMap((a) => EXPECTED_ACTIONS[a]),
    ]);
    expect([...allowedActions(statementsOf(name))].sort()).toEqual([...expected].sort());
  });

  it('does not let getVisit write the table', () => {
    const actions = [...allowedActions(statementsOf('getVisit'))];
    for (const write of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]) {
      expect(actions.some((a) => covers(a, write))).toBe(false);
    }
  });

  it('does not let approvalLink start executions', () => {
    expect(
      [...allowedActions(statementsOf('approvalLink'))].some((a) => covers(a, 'states:StartExecution')),
    ).toBe(false);
  });

  it('lets only the cancel fail a waiting task (SendTaskFailure), on the lifecycle state machine alone', () => {
    const failing = NAMES.filter((n) =>
      [...allowedActions(statementsOf(n))].some((a) => covers(a, 'states:SendTaskFailure')),
    );
    expect(failing).toEqual(['cancelVisit']);
    const fail = statementsOf('cancelVisit').filter((s) =>
      asArray(s.Action).includes('states:SendTaskFailure'),
    );
    expect(fail.map((s) => s.Resource)).toEqual([{ Ref: logicalId(stack.workflow.stateMachine) }]);
  });

  it('lets submitVisit start only the lifecycle state machine', () => {
    const start = statementsOf('submitVisit').filter((s) =>
      asArray(s.Action).includes('states:StartExecution'),
    );
    expect(start.map((s) => s.Resource)).toEqual([{ Ref: logicalId(stack.workflow.stateMachine) }]);
  });

  it('lets no role in the stack delete from the archive or change its retention', () => {
    const archive = logicalId(stack.storage.archiveBucket);
    const forbidden = [
      's3:PutObjectRetention',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:BypassGovernanceRetention',
      's3:PutBucketObjectLockConfiguration',
    ];
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const s of asArray(policy.Properties.PolicyDocument.Statement as Statement | Statement[])) {
        if (s.Effect !== 'Allow' || !(mentions(s, archive) || JSON.stringify(s.Resource) === '"*"')) continue;
        for (const action of asArray(s.Action)) {
          expect(
            forbidden.some((f) => covers(action, f)),
            `${action} on the archive`,
          ).toBe(false);
        }
      }
    }
  });

  it('scopes table reads to the table and its named indexes, with no Scan', () => {
    const table = logicalId(stack.storage.table);
    const read = statementsOf('getVisit').find((s) => asArray(s.Action).includes('dynamodb:Query'));
    expect(asArray(read?.Action)).not.toContain('dynamodb:Scan');
    expect(read?.Resource).toEqual([
      { 'Fn::GetAtt': [table, 'Arn'] },
      ...TABLE.indexes.map((i) => ({
        'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, `/index/${i.name}`]],
      })),
    ]);
  });

  /** The partition key prefixes a function's table writes are held to (its LeadingKeys conditions), per statement. */
  const writePrefixes = (name: FunctionName): string[][] =>
    statementsOf(name)
      .filter((s) =>
        asArray(s.Action).some((a) => covers(a, 'dynamodb:PutItem') || covers(a, 'dynamodb:UpdateItem')),
      )
      .map((s) => {
        const keys = (s.Condition as Record<string, Record<string, unknown>> | undefined)?.[
          'ForAllValues:StringLike'
        ]?.['dynamodb:LeadingKeys'];
        return keys === undefined ? ['(any)'] : asArray(keys as string | string[]);
      });

  it("holds every table write to a partition key prefix: the visits' to VISIT#/COUNTER#/DRAFT#, the directory's to its own", () => {
    for (const name of NAMES) {
      for (const prefixes of writePrefixes(name)) {
        expect(prefixes, name).not.toContain('(any)');
        const visits = ['VISIT#*', 'COUNTER#*', 'DRAFT#*'];
        const directory = ['AGENCY#*', 'USER#*', 'CALENDAR#*', 'ADDRESS#*', 'DIRECTORY'];
        expect([visits, directory].map((p) => p.join())).toContain(prefixes.join());
      }
    }
  });

  it('lets only the directory functions write the directory (and the bounce function, which marks an address)', () => {
    const writers = NAMES.filter((n) => writePrefixes(n).some((p) => p.includes('USER#*')));
    expect(writers.sort()).toEqual(['directory', 'recordBounce', 'substitutes', 'userAdmin']);
  });

  it("lets only the user-admin function call the user pool's admin APIs, on the pool alone", () => {
    const callers = NAMES.filter((n) =>
      [...allowedActions(statementsOf(n))].some((a) => covers(a, 'cognito-idp:AdminCreateUser')),
    );
    expect(callers).toEqual(['userAdmin']);
    const admin = statementsOf('userAdmin').find((s) =>
      asArray(s.Action).includes('cognito-idp:AdminDisableUser'),
    );
    expect(admin?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack.auth.userPool), 'Arn'] });
  });

  it('lets mail senders send only through the sender identity and the configuration set', () => {
    const senders = NAMES.filter((n) => (FUNCTIONS[n].access as readonly Access[]).includes('mail:send'));
    expect(senders.length).toBeGreaterThan(0);
    for (const name of senders) {
      const send = statementsOf(name).find((s) => asArray(s.Action).includes('ses:SendEmail'));
      const resources = JSON.stringify(send?.Resource);
      expect(resources).toContain(`":identity/${stack.mail.senderDomain}"`);
      expect(resources).toContain(
        `":configuration-set/",{"Ref":"${logicalId(stack.mail.configurationSet)}"}`,
      );
      expect(resources).not.toContain('"*"');
    }
  });
});

describe('api', () => {
  const routes = () => Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
  const route = (key: string) => routes().find((r) => r.Properties.RouteKey === key);

  it('has one route per manifest route, and the $default route to the function the manifest names, without an authorizer', () => {
    expect(
      routes()
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual(['$default', ...ROUTES.map((r) => `${r.method} ${r.path}`)].sort());
    expect(route('$default')?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(JSON.stringify(route('$default')?.Properties.Target)).toContain(DEFAULT_ROUTE.fn);
  });

  it('puts every signed-in route behind the Lambda authorizer', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    for (const r of ROUTES.filter((r) => r.auth === 'user')) {
      expect(route(`${r.method} ${r.path}`)?.Properties).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('leaves the health check and the approval and revision link routes without an authorizer', () => {
    const publicKeys = [
      'GET /healthz',
      'GET /approve/{token}',
      'POST /approve/{token}',
      'POST /visits/{id}/revise/{token}',
    ];
    for (const key of publicKeys) {
      expect(route(key)?.Properties.AuthorizationType, key).toBe('NONE');
      expect(route(key)?.Properties.AuthorizerId, key).toBeUndefined();
    }
  });

  it('always invokes the authorizer: REQUEST type, simple responses, no identity source, no cached results', () => {
    const authorizers = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: [],
      AuthorizerResultTtlInSeconds: 0,
    });
    expect(JSON.stringify(authorizers[0]?.Properties.AuthorizerUri)).toContain(
      `"${logicalId(stack.functions.byName.authorizer.fn)}"`,
    );
  });

  it('throttles the default stage and writes JSON access logs that carry no request path', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties.StageName).toBe('$default');
    expect(stage?.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(stage?.Properties.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.path');
  });
});

describe('workflow', () => {
  it('is a Standard state machine logging ALL events without execution data, traced', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('hands every execution that fails, times out or is aborted to a function, with a dead-letter queue', () => {
    const machine = logicalId(stack.workflow.stateMachine);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (r) => r.Properties.EventPattern?.['detail-type']?.[0] === 'Step Functions Execution Status Change',
    );
    expect(rules).toHaveLength(1);
    const pattern = rules[0]?.Properties.EventPattern;
    expect(pattern.source).toEqual(['aws.states']);
    expect(pattern.detail.status).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(JSON.stringify(pattern.detail.stateMachineArn)).toContain(machine);
    const [target] = rules[0]?.Properties.Targets ?? [];
    expect(target.DeadLetterConfig?.Arn).toBeDefined();
  });

  it('runs the sweep that starts visits left without an execution every five minutes', () => {
    const fn = logicalId(stack.functions.byName.restartStalled.fn);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.Targets).includes(`"${fn}"`),
    );
    expect(rules.map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(5 minutes)']);
  });
});

describe('schedules', () => {
  it('runs the reminder sweep hourly on an EventBridge rule, with bounded retries and no Scheduler role', () => {
    const fn = logicalId(stack.functions.byName.sendActionReminders.fn);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.Targets).includes(`"${fn}"`),
    );
    expect(rules.map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(1 hour)']);
    const [target] = rules[0]?.Properties.Targets ?? [];
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(0);
  });

  it('gives the sweep a Query of the table and its indexes, never a Scan', () => {
    const actions = allowedActions(statementsOf('sendActionReminders'));
    expect(actions.has('dynamodb:Query')).toBe(true);
    expect(actions.has('dynamodb:Scan')).toBe(false);
  });
});

describe('sign-in', () => {
  it('lets only administrators create users, with a strong password policy and MFA', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('invites a new user by mail in Vietnamese, with the site address', () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    const invite = pool?.Properties.AdminCreateUserConfig.InviteMessageTemplate;
    expect(invite.EmailSubject).toContain('Tài khoản Trao đổi đoàn công tác');
    expect(JSON.stringify(invite.EmailMessage)).toContain('Mật khẩu tạm thời: <strong>{####}</strong>');
  });

  it('has a group per role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'auditor', 'directory-admin', 'secretary', 'staff']);
  });

  it('sends the authorization code back to the API under /auth/callback', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
      CallbackURLs: [
        {
          'Fn::Join': [
            '',
            [{ 'Fn::GetAtt': [logicalId(stack.api.httpApi), 'ApiEndpoint'] }, '/auth/callback'],
          ],
        },
      ],
    });
  });
});

describe('link key', () => {
  it('rotates the link key secret with the rotation function', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: logicalId(stack.linkKey.secret) },
      RotationLambdaARN: { 'Fn::GetAtt': [logicalId(stack.linkKey.rotation.fn), 'Arn'] },
    });
  });
});
