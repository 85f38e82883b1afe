/**
 * The one list of functions and routes. The CDK stack (infra/aws) builds a Lambda for each function with only the
 * access it declares here, and an HTTP API route for each route; the local gateway (infra/local) serves the same
 * routes with the same handler modules. Nothing here imports a handler, so reading it costs nothing.
 */

/** What a function may touch; each maps to one grant in infra/aws and to nothing locally. */
export type Access =
  | 'table:read'
  | 'table:write'
  | 'documents:read'
  | 'documents:write'
  | 'archive:read'
  | 'archive:write'
  | 'mail:send'
  | 'workflow:start'
  | 'workflow:callback'
  | 'linkKey:read'
  | 'userPool:read'
  /** sign with the stage's KMS key (digests only), read its certificate and the agencies' CSC logins */
  | 'signer:sign'
  /** read the roots signatures are verified against */
  | 'signatureRoots:read';

export interface FunctionSpec {
  /** handler module, relative to the repository root; it exports `handler` */
  entry: string;
  kind: 'http' | 'task' | 'authorizer';
  access: readonly Access[];
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
    memoryMb: 256,
    timeoutSeconds: 5,
  },
  healthz: { entry: 'functions/healthz.ts', kind: 'http', access: [], memoryMb: 128, timeoutSeconds: 5 },
  static: { entry: 'functions/static.ts', kind: 'http', access: [], memoryMb: 128, timeoutSeconds: 5 },
  auth: { entry: 'functions/auth.ts', kind: 'http', access: [], memoryMb: 128, timeoutSeconds: 10 },
  listAgencies: {
    entry: 'functions/list-agencies.ts',
    kind: 'http',
    access: [],
    memoryMb: 128,
    timeoutSeconds: 5,
  },
  submitVisit: {
    entry: 'functions/submit-visit.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'workflow:start'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  getVisit: {
    entry: 'functions/get-visit.ts',
    kind: 'http',
    access: ['table:read', 'documents:read'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  approvalLink: {
    entry: 'functions/approval-link.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'documents:read', 'workflow:callback', 'linkKey:read'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  reviseVisit: {
    entry: 'functions/revise-visit.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'workflow:callback', 'linkKey:read'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  recordMinutes: {
    entry: 'functions/record-minutes.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'workflow:callback'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  archive: {
    entry: 'functions/archive.ts',
    kind: 'http',
    access: ['table:read', 'table:write', 'archive:read'],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  verifyArchive: {
    entry: 'functions/verify-archive.ts',
    kind: 'http',
    access: ['table:read', 'archive:read', 'signatureRoots:read'],
    memoryMb: 512,
    timeoutSeconds: 15,
  },
  draftAgenda: {
    entry: 'functions/draft-agenda.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:write'],
    memoryMb: 512,
    timeoutSeconds: 30,
    documents: true,
  },
  draftMinutes: {
    entry: 'functions/draft-minutes.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:write'],
    memoryMb: 512,
    timeoutSeconds: 30,
    documents: true,
  },
  awaitDecision: {
    entry: 'functions/await-decision.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:read', 'mail:send', 'linkKey:read'],
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  awaitMinutes: {
    entry: 'functions/await-minutes.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'mail:send'],
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
      'signer:sign',
      'signatureRoots:read',
    ],
    memoryMb: 1024,
    timeoutSeconds: 60,
    // the PDF is drawn from the same document model as the DOCX, whose module carries the docx library
    documents: true,
    pdf: true,
  },
  markFailed: {
    entry: 'functions/mark-failed.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'mail:send'],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  archiveVisit: {
    entry: 'functions/archive-visit.ts',
    kind: 'task',
    access: ['table:read', 'table:write', 'documents:read', 'archive:write'],
    memoryMb: 512,
    timeoutSeconds: 60,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

export interface Route {
  method: 'GET' | 'POST';
  /** API Gateway syntax: /visits/{id} */
  path: string;
  fn: FunctionName;
  /** 'user': behind the Lambda authorizer (identity or none is passed on); 'public': the link or nothing */
  auth: 'user' | 'public';
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', fn: 'healthz', auth: 'public' },
  { method: 'GET', path: '/static/{file}', fn: 'static', auth: 'public' },
  { method: 'GET', path: '/auth/sign-in', fn: 'auth', auth: 'public' },
  { method: 'GET', path: '/auth/callback', fn: 'auth', auth: 'public' },
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
  { method: 'GET', path: '/approve/{token}', fn: 'approvalLink', auth: 'public' },
  { method: 'POST', path: '/approve/{token}', fn: 'approvalLink', auth: 'public' },
  { method: 'GET', path: '/approve/{token}/document', fn: 'approvalLink', auth: 'public' },
  { method: 'GET', path: '/archive', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}/download', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}/documents/{docId}/download', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/archive/{visitId}/verify', fn: 'verifyArchive', auth: 'user' },
];

/** Environment variables the functions read (set by the stack, and by the local runtime). */
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
