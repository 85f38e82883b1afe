/**
 * Deployment settings read from CDK context, validated once so that a typo fails the synth with a message naming
 * the setting instead of deploying something unexpected.
 *
 * Each stage's settings live under `stages.<stage>` in `cdk.json` (its region, sender, retention, ...); a value given
 * on the command line (`-c key=value`) overrides the stage's. A stage cdk.json does not list takes everything from
 * the command line.
 *
 * Where a stage runs is never left to chance: `-c strict=true` (what `npm run deploy`, `npm run diff` and the
 * pipeline pass) refuses a stage with no account, region or alarm address. A plain `cdk synth` on a laptop with no
 * account keeps working offline; the template it makes refuses to deploy (see `refuseUnplacedDeploys`).
 */
import type { Node } from 'constructs';

export const EMAIL_IDENTITY_MODES = ['create', 'import'] as const;
export type EmailIdentityMode = (typeof EMAIL_IDENTITY_MODES)[number];

export interface Settings {
  /** deployment stage, part of the stack name; `prod`/`production` switch on the production safeguards */
  stage: string;
  /** the AWS account the stage deploys to; unset only for an offline synth */
  account?: string;
  /** the AWS region the stage deploys to; unset only for an offline synth of a stage cdk.json does not list */
  region?: string;
  /** true when the synth must be deployable: account, region and alarm address all set */
  strict: boolean;
  /** days an archived document is locked against deletion and overwrite */
  archiveRetentionDays: number;
  /** the From address of every email; its domain is the SES identity */
  senderEmail: string;
  /**
   * `create`: a stack of its own (`<stack>-Sender`) creates the SES domain identity and outputs its DKIM records;
   * `import`: the identity exists already in this account and region (another stage's, or set up by hand)
   */
  emailIdentity: EmailIdentityMode;
  /** prefix of the Cognito hosted sign-in domain (globally unique); derived from the stack and account if unset */
  authDomainPrefix?: string;
  /** who the alarms mail (an SNS email subscription) */
  alarmEmail?: string;
  /** the site's own host name (e.g. visits.example.gov.vn): the API and every link are served there */
  domainName?: string;
  /** an ACM certificate, in the stage's region, for `domainName`; one is requested (DNS validation) if unset */
  certificateArn?: string;
  /** the region AWS Backup copies each recovery point to; no copy if unset */
  backupCopyRegion?: string;
  /** days AWS Backup keeps each daily recovery point (and its copy) */
  backupRetentionDays: number;
  /** an existing table the stack uses instead of creating one: the table a restore made */
  tableName?: string;
  /** the GitHub repository ("owner/name") whose workflow runs may deploy the stage: adds the deployer stack */
  githubRepository?: string;
  /** the account's GitHub OIDC provider, when it exists already (one per account) */
  githubOidcProviderArn?: string;
  /** an RFC 3161 timestamp authority's URL: where set, issued documents carry PAdES B-T signatures */
  timestampUrl?: string;
}

const PRODUCTION_STAGES = new Set(['prod', 'production']);

export function isProduction(stage: string): boolean {
  return PRODUCTION_STAGES.has(stage.toLowerCase());
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;
const HOST = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** Reads one setting: the command line's (or cdk.json's top level) first, then the stage's entry. */
function reader(node: Node, stage: string) {
  const stages = (node.tryGetContext('stages') ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const entry = stages[stage] ?? {};
  return (key: string): unknown => node.tryGetContext(key) ?? entry[key];
}

function optional(
  value: unknown,
  key: string,
  stage: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!pattern.test(text))
    throw new Error(`context "${key}" of stage "${stage}" must be ${what} (got "${text}")`);
  return text;
}

function wholeDays(value: unknown, key: string, fallback?: number): number {
  const days = value === undefined && fallback !== undefined ? fallback : Number(value);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`context "${key}" must be a whole number of days, at least 1`);
  }
  return days;
}

export function readSettings(node: Node): Settings {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`context "stage" must be lowercase letters, digits and dashes (got "${stage}")`);
  }
  const get = reader(node, stage);
  const strictValue = node.tryGetContext('strict');
  const strict = strictValue === true || strictValue === 'true';

  const senderEmail = String(get('senderEmail') ?? '');
  if (!EMAIL.test(senderEmail)) throw new Error('context "senderEmail" must be an email address');
  const identity = String(get('emailIdentity') ?? 'create');
  if (!(EMAIL_IDENTITY_MODES as readonly string[]).includes(identity)) {
    throw new Error(
      `context "emailIdentity" must be one of ${EMAIL_IDENTITY_MODES.join(', ')} (got "${identity}")`,
    );
  }

  const settings: Settings = {
    stage,
    strict,
    archiveRetentionDays: wholeDays(get('archiveRetentionDays'), 'archiveRetentionDays'),
    senderEmail,
    emailIdentity: identity as EmailIdentityMode,
    backupRetentionDays: wholeDays(get('backupRetentionDays'), 'backupRetentionDays', 35),
  };
  const optionals: [keyof Settings, RegExp, string][] = [
    ['account', ACCOUNT, 'a 12-digit AWS account id'],
    ['region', REGION, 'an AWS region name such as ap-southeast-1'],
    ['alarmEmail', EMAIL, 'an email address'],
    ['domainName', HOST, 'a lowercase host name such as visits.example.gov.vn'],
    [
      'certificateArn',
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/,
      'an ACM certificate ARN',
    ],
    ['backupCopyRegion', REGION, 'an AWS region name such as ap-southeast-2'],
    ['tableName', TABLE_NAME, 'a DynamoDB table name'],
    ['authDomainPrefix', /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes'],
    ['githubRepository', /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'a GitHub repository, "owner/name"'],
    [
      'githubOidcProviderArn',
      /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
      "the ARN of the account's GitHub OIDC provider",
    ],
    ['timestampUrl', /^https?:\/\/[^\s]+$/, 'the http(s) URL of an RFC 3161 timestamp authority'],
  ];
  for (const [key, pattern, what] of optionals) {
    const value = optional(get(key), key, stage, pattern, what);
    if (value !== undefined) Object.assign(settings, { [key]: value });
  }
  if (settings.certificateArn && !settings.domainName) {
    throw new Error(`context "certificateArn" of stage "${stage}" needs "domainName", the name it certifies`);
  }
  if (settings.backupCopyRegion && settings.backupCopyRegion === settings.region) {
    throw new Error(`context "backupCopyRegion" of stage "${stage}" must differ from its region`);
  }
  if (strict) assertPlaced(settings);
  return settings;
}

/** With `strict`: where the stage runs, and who hears of its failures, must be set. */
function assertPlaced(s: Settings): void {
  const missing = [
    s.account ? '' : `an account (stages.${s.stage}.account in cdk.json, or -c account=<12 digits>)`,
    s.region ? '' : `a region (stages.${s.stage}.region in cdk.json, or -c region=<name>)`,
    s.alarmEmail
      ? ''
      : `an alarm address (stages.${s.stage}.alarmEmail in cdk.json, or -c alarmEmail=<address>)`,
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `stage "${s.stage}" cannot be deployed without ${missing.join('; ')}. ` +
        'A deployable synth (-c strict=true, as npm run deploy passes) never guesses them.',
    );
  }
}
