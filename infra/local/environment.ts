/**
 * What the functions are given locally: the names of the local resources (CloudFormation names them in AWS), the
 * value of each variable of the manifest, and from these each function's environment, derived from its manifest
 * entry exactly as the stack derives it (`environmentOf`). The parity test holds the two runtimes' variables equal,
 * function by function, but for the few that have nothing to stand for here (`LOCAL_VALUES_ABSENT`).
 */
import { ENV, type EnvVariable, environmentOf, FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import { LOCAL_LINK_KEY_SECRET_ID } from '#infra/local/aws-stand-ins.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#workflows/local-arns.ts';

/** Local names of the resources the stack creates (there, CloudFormation names them). */
export const LOCAL_NAMES = {
  table: 'exchange-visits',
  documentsBucket: 'exchange-visits-documents',
  archiveBucket: 'exchange-visits-archive',
  stateMachineArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:exchange-visits-lifecycle`,
  sender: 'no-reply@exchange-visits.example',
  archiveRetentionDays: '3650',
} as const;

/** The variables with no local value, and why: a function declaring them runs locally without them. */
export const LOCAL_VALUES_ABSENT = {
  [ENV.configurationSet]: 'the mail emulator keeps every mail in its outbox; there is no configuration set',
  [ENV.signerKeyId]: "there is no KMS: the seed agencies sign with the local test CA's key (TEST_SIGNER_DIR)",
  [ENV.signerCertificateSecret]: "there is no KMS key to certify: the test CA's files hold its certificates",
  [ENV.signatureRootsSecret]: "the roots are the test CA's own, read from its files (TEST_SIGNER_DIR)",
  [ENV.timestampUrl]: 'no timestamp authority runs locally: local signatures are PAdES B-B',
} as const;

/**
 * What only a started runtime knows: its address, the issuer and audience of its session tokens, its user pool, the
 * base URL of the local stand-in for the managed login's endpoints (sign-out; the sign-in page is the local picker)
 * and where its test CA is.
 */
export interface RuntimeValues {
  publicUrl: string;
  issuer: string;
  clientId: string;
  /** the user pool the Cognito emulator made */
  userPoolId: string;
  /** the base URL of the local stand-in for the managed login's endpoints */
  loginUrl: string;
  /** the local test CA's files, made on the first start under the data directory (the `test` signer) */
  testSignerDir: string;
}

/** The variables with a local value: every one but those in `LOCAL_VALUES_ABSENT`. */
export type LocalVariable = Exclude<EnvVariable, keyof typeof LOCAL_VALUES_ABSENT>;

/** The value of each variable locally. */
export function localValues(runtime: RuntimeValues): Record<LocalVariable, string> {
  return {
    [ENV.table]: LOCAL_NAMES.table,
    [ENV.documentsBucket]: LOCAL_NAMES.documentsBucket,
    [ENV.archiveBucket]: LOCAL_NAMES.archiveBucket,
    [ENV.archiveRetentionDays]: LOCAL_NAMES.archiveRetentionDays,
    [ENV.stateMachineArn]: LOCAL_NAMES.stateMachineArn,
    [ENV.sender]: LOCAL_NAMES.sender,
    [ENV.linkKeySecret]: LOCAL_LINK_KEY_SECRET_ID,
    [ENV.publicUrl]: runtime.publicUrl,
    [ENV.cognitoDomain]: runtime.loginUrl,
    [ENV.userPoolClientId]: runtime.clientId,
    [ENV.jwksUri]: `${runtime.issuer}/jwks.json`,
    [ENV.jwtIssuer]: runtime.issuer,
    [ENV.userPoolId]: runtime.userPoolId,
    [ENV.testSignerDir]: runtime.testSignerDir,
  };
}

/** Each function's environment locally: what its manifest entry implies, with the local values. */
export function localEnvironments(runtime: RuntimeValues): Record<FunctionName, Record<string, string>> {
  const values = localValues(runtime);
  return Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [name, environmentOf(FUNCTIONS[name], values)]),
  ) as Record<FunctionName, Record<string, string>>;
}
