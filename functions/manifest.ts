/**
 * The one list of functions and routes. The CDK stack (infra/aws) builds a Lambda for each function with only the
 * access it declares here and only the environment that access and its settings imply, and an HTTP API route for
 * each route; the local gateway (infra/local) serves the same routes with the same handler modules, and the local
 * runtime derives the same variables with its own values. Nothing here imports a handler, so reading it costs
 * nothing.
 */

/**
 * What a function may touch; each maps to one grant in infra/aws (nothing is enforced locally) and to the
 * variables naming what it touches (`ACCESS_VARIABLES`).
 */
export type Access =
  | 'table:read'
  | 'table:write'
  | 'documents:read'
  | 'documents:write'
  | 'archive:read'
  | 'archive:write'
  | 'mail:send'
  | 'workflow:start'
  /** answers a waiting task (SendTaskSuccess, SendTaskHeartbeat) */
  | 'workflow:callback'
  /** fails a waiting task (SendTaskFailure): only the cancel, which ends a wait with `VisitCancelled` */
  | 'workflow:fail'
  | 'linkKey:read'
  /** the directory's items (agencies, users, calendar): read by every function that reads who signs in */
  | 'directory:read'
  /** writes the directory's items, and only those (the table's other items are `table:write`'s) */
  | 'directory:write'
  /** the user pool's admin calls: create, group, disable, enable users and end their sessions */
  | 'userPool:admin'
  /** sign with the stage's KMS key (digests only), read its certificate and the agencies' CSC logins */
  | 'signer:sign'
  /** read the roots signatures are verified against */
  | 'signatureRoots:read';

/**
 * The partition keys under which `table:write` may write: the visits (with their documents, approvals, events,
 * archive index and minutes' drafts), the document counters and each person's request draft. The directory's
 * items are `directory:write`'s alone.
 */
export const VISIT_KEY_PREFIXES = ['VISIT#', 'COUNTER#', 'DRAFT#'] as const;
/** The directory's partition keys: agencies, users, the calendar, bounced addresses, and the index (`DIRECTORY`). */
export const DIRECTORY_KEY_PREFIXES = ['AGENCY#', 'USER#', 'CALENDAR#', 'ADDRESS#', 'DIRECTORY'] as const;

/** What a function reads that is no resource it touches; each maps to its variables (`SETTING_VARIABLES`). */
export type Setting =
  /** the site's address, for links in mail and the sign-in redirects */
  | 'publicUrl'
  /** the managed login (Cognito domain and app client) that browsers are sent to */
  | 'signIn'
  /** the issuer, key set and audience that session tokens are verified against */
  | 'tokenVerification'
  /** how long the archive keeps what it is given, to record each retain-until date */
  | 'archiveRetention'
  /** the RFC 3161 timestamp authority issued documents' signatures are timestamped by (PAdES B-T), where set */
  | 'timestamp';

/**
 * What EventBridge invokes a function of kind `event` on; infra/aws makes a rule of it, and the local runtime raises
 * the same events (infra/local/events.ts).
 */
export type Trigger =
  /** a schedule: every this many minutes */
  | { everyMinutes: number }
  /** the lifecycle's state machine: an execution ending in one of these statuses */
  | { executionEnded: readonly ExecutionEnd[] }
  /** the mail's bounces and complaints: SES's events for this stage's configuration set */
  | { mailFeedback: true };

/** How an execution can end other than by succeeding. */
export type ExecutionEnd = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface FunctionSpec {
  /** handler module, relative to the repository root; it exports `handler` */
  entry: string;
  /** http: API Gateway; task: the state machine; authorizer: API Gateway's; event: EventBridge, asynchronously */
  kind: 'http' | 'task' | 'authorizer' | 'event';
  /** kind `event` only: what invokes it */
  trigger?: Trigger;
  access: readonly Access[];
  settings: readonly Setting[];
  memoryMb: number;
  timeoutSeconds: number;
  /** true where the bundle carries the `docx` library */
  documents?: boolean;
  /** true where the function draws PDFs: its bundle carries the fonts and the ICC profile beside it */
  pdf?: boolean;
}

export const FUNCTIONS = {
  authorizer: {
    entry: 'functions/authorizer.ts',
    kind: 'authorizer',
    access: [],
    settings: ['tokenVerification'],
    memoryMb: 256,
    timeoutSeconds: 5,
  },
  healthz: {
    entry: 'functions/healthz.ts',
    kind: 'http',
    access: [],
    settings: [],
    memoryMb: 128,
    timeoutSeconds: 5,
  },
  static: {
    entry: 'functions/static.ts',
    kind: 'http',
    access: [],
    settings: [],
    memoryMb: 128,
    timeoutSeconds: 5,
  },
  auth: {
    entry: 'functions/auth.ts',
    kind: 'http',
    access: [],
    settings: ['publicUrl', 'signIn'],
    memoryMb: 128,
    timeoutSeconds: 10,
  },
  listAgencies: {
    entry: 'functions/list-agencies.ts',
    kind: 'http',
    access: ['directory:read'],
    settings: [],
    memoryMb: 128,
    timeoutSeconds: 5,
  },
  submitVisit: {
    entry: 'functions/submit-visit.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'workflow:start', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  getVisit: {
    entry: 'functions/get-visit.ts',
    kind: 'http',
    access: ['table:read', 'documents:read', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  approvalLink: {
    entry: 'functions/approval-link.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'documents:read', 'workflow:callback', 'linkKey:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  reviseVisit: {
    entry: 'functions/revise-visit.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'workflow:callback', 'linkKey:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  recordMinutes: {
    entry: 'functions/record-minutes.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'workflow:callback', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  archive: {
    entry: 'functions/archive.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'archive:read', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  verifyArchive: {
    entry: 'functions/verify-archive.ts',
    kind: 'http',
    access: ['table:read', 'archive:read', 'directory:read', 'signatureRoots:read'],
    settings: [],
    memoryMb: 512,
    timeoutSeconds: 15,
  },
  draftAgenda: {
    entry: 'functions/draft-agenda.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:write', 'directory:read'],
    settings: [],
    memoryMb: 512,
    timeoutSeconds: 30,
    documents: true,
  },
  draftMinutes: {
    entry: 'functions/draft-minutes.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:write', 'directory:read'],
    settings: [],
    memoryMb: 512,
    timeoutSeconds: 30,
    documents: true,
  },
  awaitDecision: {
    entry: 'functions/await-decision.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:read', 'mail:send', 'linkKey:read', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  awaitMinutes: {
    entry: 'functions/await-minutes.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'mail:send', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  /** Decide issues documents: the signed PDF/A of the approved agenda and of the signed-off minutes */
  decide: {
    entry: 'functions/decide.ts',
    kind: 'task',
    access: [
      'table:read',
      'table:write',
      'documents:read',
      'documents:write',
      'mail:send',
      'directory:read',
      'signer:sign',
      'signatureRoots:read',
    ],
    settings: ['timestamp', 'publicUrl'],
    memoryMb: 1024,
    timeoutSeconds: 60,
    // the PDF is drawn from the same document model as the DOCX, whose module carries the docx library
    documents: true,
    pdf: true,
  },
  markCancelled: {
    entry: 'functions/mark-cancelled.ts',
    kind: 'task',
    // closes what the cancel left open, tells everyone who had mail (with the invitation's cancellation)
    access: ['table:read', 'table:write', 'mail:send', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  markFailed: {
    entry: 'functions/mark-failed.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'mail:send', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  archiveVisit: {
    entry: 'functions/archive-visit.ts',
    kind: 'task',
    // it mails the requester and the host's secretary that the file is archived, and each action's owner their link; its notice links to the visit
    access: [
      'table:read',
      'table:write',
      'documents:read',
      'archive:write',
      'mail:send',
      'linkKey:read',
      'directory:read',
    ],
    settings: ['archiveRetention', 'publicUrl'],
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  actionItems: {
    entry: 'functions/action-items.ts',
    kind: 'http',
    // a reopened item's owner is told at once, with their link
    access: ['table:read', 'table:write', 'mail:send', 'linkKey:read', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  actionLink: {
    entry: 'functions/action-link.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'linkKey:read', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  recordBounce: {
    entry: 'functions/record-bounce.ts',
    kind: 'event',
    trigger: { mailFeedback: true },
    // records a bounce or complaint on the visit, marks the address in the directory and mails the requester and
    // the agency's administrators, with the visit's page as the link
    access: ['table:read', 'table:write', 'directory:read', 'directory:write', 'mail:send'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  cancelVisit: {
    entry: 'functions/cancel-visit.ts',
    kind: 'http',
    // records CANCELLED and fails the open wait's task; the state machine's MarkCancelled mails
    access: ['table:read', 'table:write', 'workflow:fail', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  rescheduleVisit: {
    entry: 'functions/reschedule-visit.ts',
    kind: 'http',
    // answers the open wait `rescheduled`; Decide records the dates and mails
    access: ['table:read', 'table:write', 'workflow:callback', 'directory:read'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  changeApproval: {
    entry: 'functions/change-approval.ts',
    kind: 'http',
    // reassigns an agenda approval (a new link, the old holder told) and resends a link, with the document
    access: ['table:read', 'table:write', 'documents:read', 'mail:send', 'linkKey:read', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  directory: {
    entry: 'functions/directory.ts',
    kind: 'http',
    access: ['directory:read', 'directory:write'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  substitutes: {
    entry: 'functions/substitutes.ts',
    kind: 'http',
    // moving an absent approver's open approvals: the approvals (visit items), their new links, the mail
    access: [
      'directory:read',
      'directory:write',
      'table:read',
      'table:write',
      'documents:read',
      'mail:send',
      'linkKey:read',
    ],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 20,
  },
  userAdmin: {
    entry: 'functions/user-admin.ts',
    kind: 'http',
    // the only function that calls the user pool's admin APIs
    access: ['directory:read', 'directory:write', 'userPool:admin'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  executionFailed: {
    entry: 'functions/execution-failed.ts',
    kind: 'event',
    // an execution ending without its visit (a timeout, an operator's abort, a failure no Catch took): FAILED
    trigger: { executionEnded: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
    access: ['table:read', 'table:write', 'mail:send', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  restartStalled: {
    entry: 'functions/restart-stalled.ts',
    kind: 'event',
    // a visit its submitting request left without an execution is started within minutes
    trigger: { everyMinutes: 5 },
    access: ['table:read', 'table:write', 'workflow:start'],
    settings: [],
    memoryMb: 256,
    timeoutSeconds: 60,
  },
  followUpReport: {
    entry: 'functions/follow-up-report.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'documents:write', 'directory:read'],
    settings: [],
    memoryMb: 512,
    timeoutSeconds: 30,
    documents: true,
  },
  sendActionReminders: {
    entry: 'functions/send-action-reminders.ts',
    kind: 'event',
    trigger: { everyMinutes: 60 },
    access: ['table:read', 'table:write', 'mail:send', 'linkKey:read', 'directory:read'],
    settings: ['publicUrl'],
    memoryMb: 256,
    // one run takes every turn that has come and stops early when its time runs short; the next run goes on
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway syntax: /visits/{id} */
  path: string;
  fn: FunctionName;
  /** 'user': behind the Lambda authorizer (identity or none is passed on); 'public': the link or nothing */
  auth: 'user' | 'public';
}

/**
 * API Gateway's `$default` route: every request no route matches goes to this function (public, no authorizer),
 * which answers the styled 404 page in the request's language (or JSON for a JSON client).
 */
export const DEFAULT_ROUTE = { fn: 'static' } as const satisfies { fn: FunctionName };

/** Typed as written (`as const`), so the HTTP wrapper can hold each entry to its own route keys. */
export const ROUTES = [
  { method: 'GET', path: '/healthz', fn: 'healthz', auth: 'public' },
  { method: 'GET', path: '/static/{file}', fn: 'static', auth: 'public' },
  { method: 'GET', path: '/auth/sign-in', fn: 'auth', auth: 'public' },
  { method: 'GET', path: '/auth/callback', fn: 'auth', auth: 'public' },
  { method: 'GET', path: '/auth/renew', fn: 'auth', auth: 'public' },
  { method: 'POST', path: '/auth/renew', fn: 'auth', auth: 'public' },
  { method: 'POST', path: '/auth/sign-out', fn: 'auth', auth: 'public' },
  { method: 'GET', path: '/agencies', fn: 'listAgencies', auth: 'user' },
  { method: 'GET', path: '/', fn: 'getVisit', auth: 'user' },
  { method: 'GET', path: '/visits/new', fn: 'submitVisit', auth: 'user' },
  { method: 'POST', path: '/visits', fn: 'submitVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}', fn: 'getVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}/documents/{docId}', fn: 'getVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}/revise/{token}', fn: 'reviseVisit', auth: 'public' },
  { method: 'POST', path: '/visits/{id}/revise/{token}', fn: 'reviseVisit', auth: 'public' },
  { method: 'GET', path: '/visits/{id}/minutes', fn: 'recordMinutes', auth: 'user' },
  { method: 'POST', path: '/visits/{id}/minutes', fn: 'recordMinutes', auth: 'user' },
  // changing a visit: cancel, reschedule (each with its form), reassign and resend an approval
  { method: 'GET', path: '/visits/{id}/cancel', fn: 'cancelVisit', auth: 'user' },
  { method: 'POST', path: '/visits/{id}/cancel', fn: 'cancelVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}/reschedule', fn: 'rescheduleVisit', auth: 'user' },
  { method: 'POST', path: '/visits/{id}/reschedule', fn: 'rescheduleVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}/approvals/{approvalId}/reassign', fn: 'changeApproval', auth: 'user' },
  {
    method: 'POST',
    path: '/visits/{id}/approvals/{approvalId}/reassign',
    fn: 'changeApproval',
    auth: 'user',
  },
  { method: 'POST', path: '/visits/{id}/approvals/{approvalId}/resend', fn: 'changeApproval', auth: 'user' },
  { method: 'GET', path: '/approve/{token}', fn: 'approvalLink', auth: 'public' },
  { method: 'POST', path: '/approve/{token}', fn: 'approvalLink', auth: 'public' },
  { method: 'GET', path: '/approve/{token}/document', fn: 'approvalLink', auth: 'public' },
  { method: 'GET', path: '/archive', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}/download', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}/documents/{docId}/download', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}/verify', fn: 'verifyArchive', auth: 'user' },
  // the organisation: agencies with their history, provinces, the working calendar
  { method: 'GET', path: '/directory', fn: 'directory', auth: 'user' },
  { method: 'GET', path: '/directory/agencies', fn: 'directory', auth: 'user' },
  { method: 'POST', path: '/directory/agencies', fn: 'directory', auth: 'user' },
  { method: 'GET', path: '/directory/agencies/{id}', fn: 'directory', auth: 'user' },
  { method: 'PUT', path: '/directory/agencies/{id}', fn: 'directory', auth: 'user' },
  // the agency page's form (a browser form cannot PUT): the same change, the revision in a hidden field
  { method: 'POST', path: '/directory/agencies/{id}', fn: 'directory', auth: 'user' },
  { method: 'POST', path: '/directory/agencies/{id}/successor', fn: 'directory', auth: 'user' },
  { method: 'GET', path: '/directory/provinces', fn: 'directory', auth: 'user' },
  { method: 'GET', path: '/directory/calendar', fn: 'directory', auth: 'user' },
  { method: 'PUT', path: '/directory/calendar/{year}', fn: 'directory', auth: 'user' },
  { method: 'POST', path: '/directory/calendar/{year}', fn: 'directory', auth: 'user' },
  // out-of-office substitutes (they move open approvals)
  { method: 'POST', path: '/directory/agencies/{id}/substitutes', fn: 'substitutes', auth: 'user' },
  { method: 'DELETE', path: '/directory/agencies/{id}/substitutes/{sid}', fn: 'substitutes', auth: 'user' },
  { method: 'POST', path: '/directory/agencies/{id}/substitutes/{sid}/end', fn: 'substitutes', auth: 'user' },
  // users (the user pool follows the directory)
  { method: 'GET', path: '/directory/users', fn: 'userAdmin', auth: 'user' },
  { method: 'POST', path: '/directory/users', fn: 'userAdmin', auth: 'user' },
  { method: 'PATCH', path: '/directory/users/{email}', fn: 'userAdmin', auth: 'user' },
  { method: 'POST', path: '/directory/users/{email}', fn: 'userAdmin', auth: 'user' },
  { method: 'GET', path: '/visits/{id}/actions', fn: 'actionItems', auth: 'user' },
  { method: 'GET', path: '/actions', fn: 'actionItems', auth: 'user' },
  { method: 'POST', path: '/visits/{id}/actions/{actionId}/done', fn: 'actionItems', auth: 'user' },
  { method: 'POST', path: '/visits/{id}/actions/{actionId}/reopen', fn: 'actionItems', auth: 'user' },
  { method: 'GET', path: '/actions/{token}', fn: 'actionLink', auth: 'public' },
  { method: 'POST', path: '/actions/{token}', fn: 'actionLink', auth: 'public' },
  { method: 'POST', path: '/visits/{id}/report', fn: 'followUpReport', auth: 'user' },
] as const satisfies readonly Route[];

/** Environment variables the functions read: each function gets only those its declaration implies. */
export const ENV = {
  table: 'TABLE_NAME',
  documentsBucket: 'DOCUMENTS_BUCKET',
  archiveBucket: 'ARCHIVE_BUCKET',
  archiveRetentionDays: 'ARCHIVE_RETENTION_DAYS',
  stateMachineArn: 'STATE_MACHINE_ARN',
  sender: 'SENDER_EMAIL',
  configurationSet: 'SES_CONFIGURATION_SET',
  linkKeySecret: 'LINK_KEY_SECRET_ID',
  publicUrl: 'PUBLIC_URL',
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  /** the Cognito managed login's base URL, e.g. https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomain: 'COGNITO_DOMAIN',
  jwksUri: 'JWKS_URI',
  jwtIssuer: 'JWT_ISSUER',
  /** the local test CA's files (the `test` signer); set by the local runtime only */
  testSignerDir: 'TEST_SIGNER_DIR',
  /** the stage's KMS signing key (the `kms` signer) */
  signerKeyId: 'SIGNER_KMS_KEY_ID',
  /** the secret holding that key's certificate chain (PEM, the key's certificate first) */
  signerCertificateSecret: 'SIGNER_CERTIFICATE_SECRET_ID',
  /** the secret holding the trusted roots: {"licensed":[PEM…],"selfIssued":[PEM…]} */
  signatureRootsSecret: 'SIGNATURE_ROOTS_SECRET_ID',
  /** an RFC 3161 timestamp authority: where set, signatures are PAdES B-T */
  timestampUrl: 'TIMESTAMP_URL',
} as const;

export type EnvVariable = (typeof ENV)[keyof typeof ENV];

/**
 * The variables an access sets: the names of what its grant points at, as a bound resource carries its name. A
 * callback names its task by the token alone, so `workflow:callback` and `workflow:fail` set nothing.
 */
export const ACCESS_VARIABLES: Record<Access, readonly EnvVariable[]> = {
  'table:read': [ENV.table],
  'table:write': [ENV.table],
  'documents:read': [ENV.documentsBucket],
  'documents:write': [ENV.documentsBucket],
  'archive:read': [ENV.archiveBucket],
  'archive:write': [ENV.archiveBucket],
  'mail:send': [ENV.sender, ENV.configurationSet],
  'workflow:start': [ENV.stateMachineArn],
  'workflow:callback': [],
  'workflow:fail': [],
  'linkKey:read': [ENV.linkKeySecret],
  'directory:read': [ENV.table],
  'directory:write': [ENV.table],
  'userPool:admin': [ENV.userPoolId],
  // the `test` signer's files exist only where the local runtime made them; a stage signs with its KMS key
  'signer:sign': [ENV.testSignerDir, ENV.signerKeyId, ENV.signerCertificateSecret],
  // the test CA's root is a self-issued root wherever the test signer is
  'signatureRoots:read': [ENV.testSignerDir, ENV.signatureRootsSecret],
};

/** The variables a setting sets. */
export const SETTING_VARIABLES: Record<Setting, readonly EnvVariable[]> = {
  publicUrl: [ENV.publicUrl],
  signIn: [ENV.cognitoDomain, ENV.userPoolClientId],
  tokenVerification: [ENV.jwtIssuer, ENV.jwksUri, ENV.userPoolClientId],
  archiveRetention: [ENV.archiveRetentionDays],
  timestamp: [ENV.timestampUrl],
};

/** The variables a function's access and settings imply, each once, in the order of `ENV`. */
export function variablesOf(spec: Pick<FunctionSpec, 'access' | 'settings'>): EnvVariable[] {
  const implied = new Set([
    ...spec.access.flatMap((a) => ACCESS_VARIABLES[a]),
    ...spec.settings.flatMap((s) => SETTING_VARIABLES[s]),
  ]);
  return Object.values(ENV).filter((name) => implied.has(name));
}

/**
 * A function's environment: each variable its declaration implies, with its value from `values`. A runtime with
 * nothing to stand for a variable leaves it out of `values` (the local runtime has no managed login), and the
 * function then runs without it.
 */
export function environmentOf(
  spec: Pick<FunctionSpec, 'access' | 'settings'>,
  values: Partial<Record<EnvVariable, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of variablesOf(spec)) {
    const value = values[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
