import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { type Access, DIRECTORY_KEY_PREFIXES, VISIT_KEY_PREFIXES } from '#functions/manifest.ts';
import { TABLE } from '#infra/table.ts';
import { acknowledge, wildcardResource } from './nag.ts';

/** The resources an access can point at. */
export interface GrantTargets {
  table: dynamodb.ITable;
  documentsBucket: s3.IBucket;
  archiveBucket: s3.IBucket;
  linkKey: secretsmanager.ISecret;
  emailIdentity: ses.IEmailIdentity;
  configurationSet: ses.IConfigurationSet;
  userPool: cognito.IUserPool;
  stateMachine: sfn.StateMachine;
  /** the stage's signing key, the secret with its certificate chain, and the trusted roots */
  signerKey: kms.IKey;
  signerCertificate: secretsmanager.ISecret;
  signatureRoots: secretsmanager.ISecret;
  /** the name prefix of the secrets holding agencies' CSC logins */
  signerSecretsPrefix: string;
}

/** The one signing algorithm the stage's key (ECC_NIST_P256) is used with, and only over digests. */
export const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

/**
 * Reads by key and by index, as the adapters read: no Scan (no request path scans), no transaction checks, no
 * stream reads; batch reads are the directory's alone (`directory:read`: a request's user and agencies in one read).
 */
const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:Query'];
/**
 * Single-item writes, as the adapters write: every write is one conditional PutItem or UpdateItem. Nothing deletes
 * an item (the event log is append-only) and nothing writes in batches, so no role may.
 */
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** The directory's reads: by key, a request's user and agencies in one batch, an agency's users by index. */
const DIRECTORY_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/** The directory's writes: each change is one conditional single-item write. */
const DIRECTORY_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** The user pool's admin calls the user-admin function makes, and nothing else. */
export const USER_POOL_ADMIN = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
];

/** Writes limited to items whose partition key starts with one of `prefixes` (dynamodb:LeadingKeys). */
function leadingKeys(prefixes: readonly string[]): Record<string, unknown> {
  return {
    'ForAllValues:StringLike': {
      'dynamodb:LeadingKeys': prefixes.map((p) => (p.endsWith('#') ? `${p}*` : p)),
    },
  };
}

/**
 * Callbacks to a waiting task. The Service Authorization Reference lists no resource type for them, yet IAM
 * authorizes each call against the state machine the task token belongs to (an AccessDenied names
 * `arn:…:stateMachine:<name>`), and CDK's own `grantTaskResponse` scopes them to it: so they are granted on the
 * lifecycle state machine alone, never on "*".
 */
export const WORKFLOW_CALLBACK = ['states:SendTaskSuccess', 'states:SendTaskHeartbeat'];
/** Failing a waiting task: only a cancel does it (`VisitCancelled`), scoped the same way. */
export const WORKFLOW_FAIL = ['states:SendTaskFailure'];

/** Every execution of the state machine: arn:<partition>:states:<region>:<account>:execution:<name>:* */
function executionsOf(machine: sfn.StateMachine): string {
  return Stack.of(machine).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${machine.stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * Maps one manifest `Access` to the narrowest statement(s) that allow it. Nothing grants a delete on the archive,
 * nor a bypass of its retention.
 */
export function statementsFor(access: Access, t: GrantTargets): iam.PolicyStatement[] {
  const stack = Stack.of(t.table);
  const objects = (bucket: s3.IBucket) => bucket.arnForObjects('*');
  switch (access) {
    case 'table:read':
      return [
        new iam.PolicyStatement({
          actions: TABLE_READ,
          resources: [t.table.tableArn, ...TABLE.indexes.map((i) => `${t.table.tableArn}/index/${i.name}`)],
        }),
      ];
    case 'table:write':
      return [
        new iam.PolicyStatement({
          actions: TABLE_WRITE,
          resources: [t.table.tableArn],
          conditions: leadingKeys(VISIT_KEY_PREFIXES),
        }),
      ];
    case 'directory:read':
      return [
        new iam.PolicyStatement({
          actions: DIRECTORY_READ,
          resources: [t.table.tableArn, ...TABLE.indexes.map((i) => `${t.table.tableArn}/index/${i.name}`)],
        }),
      ];
    case 'directory:write':
      return [
        new iam.PolicyStatement({
          actions: DIRECTORY_WRITE,
          resources: [t.table.tableArn],
          conditions: leadingKeys(DIRECTORY_KEY_PREFIXES),
        }),
      ];
    case 'userPool:admin':
      return [new iam.PolicyStatement({ actions: USER_POOL_ADMIN, resources: [t.userPool.userPoolArn] })];
    case 'documents:read':
      return [
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [objects(t.documentsBucket)],
        }),
      ];
    case 'documents:write':
      return [
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(t.documentsBucket)] }),
      ];
    case 'archive:read':
      return [
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [objects(t.archiveBucket)],
        }),
      ];
    case 'archive:write':
      // Object Lock applies the bucket's default retention to each new object, so no PutObjectRetention. The
      // write-once check reads the key first (HeadObject): s3:GetObject allows it, and s3:ListBucket makes an
      // absent key answer 404 rather than 403. Nothing grants a delete or a governance bypass.
      return [
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:GetObject'],
          resources: [objects(t.archiveBucket)],
        }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [t.archiveBucket.bucketArn] }),
      ];
    case 'mail:send':
      return [
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            stack.formatArn({
              service: 'ses',
              resource: 'identity',
              resourceName: t.emailIdentity.emailIdentityName,
            }),
            stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: t.configurationSet.configurationSetName,
            }),
          ],
        }),
      ];
    case 'workflow:start':
      // A retried start that meets ExecutionAlreadyExists describes that execution to tell a retry from a clash.
      return [
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [t.stateMachine.stateMachineArn],
        }),
        new iam.PolicyStatement({
          actions: ['states:DescribeExecution'],
          resources: [executionsOf(t.stateMachine)],
        }),
      ];
    case 'workflow:callback':
      return [
        new iam.PolicyStatement({ actions: WORKFLOW_CALLBACK, resources: [t.stateMachine.stateMachineArn] }),
      ];
    case 'workflow:fail':
      return [
        new iam.PolicyStatement({ actions: WORKFLOW_FAIL, resources: [t.stateMachine.stateMachineArn] }),
      ];
    case 'linkKey:read':
      return [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [t.linkKey.secretArn],
        }),
      ];
    case 'signer:sign':
      return [
        new iam.PolicyStatement({
          actions: ['kms:Sign'],
          resources: [t.signerKey.keyArn],
          conditions: {
            StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': SIGNING_ALGORITHM },
          },
        }),
        // the certificate is checked against the key's public key before the first signature
        new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [t.signerKey.keyArn] }),
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [
            t.signerCertificate.secretArn,
            stack.formatArn({
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: `${t.signerSecretsPrefix}*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      ];
    case 'signatureRoots:read':
      return [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [t.signatureRoots.secretArn],
        }),
      ];
  }
}

/**
 * Why an access needs a wildcard resource. An access that produces a wildcard with no reason here fails the
 * grant, so a new wildcard cannot slip in unexplained.
 */
const WILDCARD_REASONS: Partial<Record<Access, string>> = {
  'documents:read':
    'Reads documents by key (s3:GetObject, s3:GetObjectVersion) in the documents bucket only: keys are made per ' +
    'visit at run time.',
  'documents:write':
    'Writes new document versions (s3:PutObject only) in the documents bucket only: keys are made per visit at ' +
    'run time.',
  'archive:read':
    'Reads archived objects (s3:GetObject, s3:GetObjectVersion) in the archive bucket only: keys are made per ' +
    'visit at run time; no listing and no delete.',
  'archive:write':
    'Adds archived objects (s3:PutObject, and s3:GetObject for the write-once check) to the archive bucket only: ' +
    'keys are made per visit at run time; Object Lock keeps them, and no delete or governance bypass is granted.',
  'workflow:start':
    "Describes executions of the lifecycle state machine only (its execution ARNs, '<machine>:*'): execution " +
    'names are visit ids, made at run time.',
  'signer:sign':
    "Reads the agencies' CSC logins (secretsmanager:GetSecretValue) among the stage's signer secrets only (their " +
    "name prefix): an agency names its secret in the directory, at run time. kms:Sign itself is on the stage's key " +
    'alone, for digests with ECDSA_SHA_256.',
};

/**
 * Adds the statements for every access to the role, and acknowledges each wildcard resource they contain with
 * the reason that access needs it.
 */
export function grantAccess(role: iam.IRole, access: readonly Access[], targets: GrantTargets): void {
  const reasons = new Map<string, string[]>();
  for (const a of access) {
    for (const statement of statementsFor(a, targets)) {
      role.addToPrincipalPolicy(statement);
      for (const resource of statement.resources) {
        const finding = wildcardResource(role, resource);
        if (!finding.includes('*')) continue;
        const reason = WILDCARD_REASONS[a];
        if (!reason) throw new Error(`access "${a}" grants a wildcard resource with no stated reason`);
        reasons.set(finding, [...(reasons.get(finding) ?? []), reason]);
      }
    }
  }
  for (const [finding, why] of reasons) acknowledge(role, finding, why.join(' '));
}
