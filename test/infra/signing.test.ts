/**
 * The stage's document signing as the template holds it: the KMS key, who may sign with it (only the issuing
 * functions, only digests, one algorithm), its certificate and roots, and which functions learn where they are.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV, FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { asArray, covers, logicalId, mentions, roleStatements, type Statement } from './support.ts';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];
/** the functions that issue documents: the ones the manifest lets sign */
const ISSUING = NAMES.filter((n) => (FUNCTIONS[n].access as readonly string[]).includes('signer:sign'));

let stack: ExchangeVisitsStack;
let template: Template;

beforeAll(() => {
  ({ stack } = createApp({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  }));
  template = Template.fromStack(stack);
});

const keyId = () => logicalId(stack.signing.key);
const keyPolicy = (): Statement[] =>
  asArray(template.findResources('AWS::KMS::Key')[keyId()]?.Properties.KeyPolicy.Statement as Statement[]);
const principalOf = (s: Statement & { Principal?: unknown }) => JSON.stringify(s.Principal);
const environmentOf = (name: FunctionName): Record<string, unknown> =>
  template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.byName[name].fn)]?.Properties
    .Environment?.Variables ?? {};

describe('the signing key', () => {
  it('is an ECC P-256 signing key, kept when the stack goes', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    });
    expect(ISSUING).toEqual(['decide']);
  });

  it('lets the account administer it but neither sign nor verify with it', () => {
    const account = keyPolicy().filter((s) => principalOf(s as never).includes(':root'));
    expect(account).toHaveLength(1);
    for (const action of asArray(account[0]?.Action ?? []))
      for (const use of ['kms:Sign', 'kms:Verify', 'kms:Encrypt', 'kms:Decrypt'])
        expect(covers(action, use), `${action} covers ${use}`).toBe(false);
  });

  it('lets only the issuing functions sign, over digests with ECDSA_SHA_256', () => {
    const signing = keyPolicy().filter((s) => asArray(s.Action).some((a) => covers(a, 'kms:Sign')));
    const roles = ISSUING.map((n) => logicalId(stack.functions.byName[n].role));
    expect(signing.map((s) => principalOf(s as never))).toEqual(
      roles.map((r) => expect.stringContaining(`"${r}"`)),
    );
    for (const s of signing)
      expect(s.Condition).toEqual({
        StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
      });
  });

  it.each(NAMES)(
    'gives %s kms:Sign on the key only if it issues documents, and then only for digests',
    (name) => {
      const statements = roleStatements(template, logicalId(stack.functions.byName[name].role));
      const signing = statements.filter((s) => asArray(s.Action).some((a) => covers(a, 'kms:Sign')));
      if (!ISSUING.includes(name)) {
        expect(signing).toEqual([]);
        return;
      }
      expect(signing).toHaveLength(1);
      expect(mentions(signing[0] as Statement, keyId())).toBe(true);
      expect(signing[0]?.Condition).toEqual({
        StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
      });
    },
  );
});

describe('where the functions find the signer and the roots', () => {
  it.each(NAMES)('tells %s of the key and its certificate only if it issues documents', (name) => {
    const env = environmentOf(name);
    const issuing = ISSUING.includes(name);
    expect(ENV.signerKeyId in env).toBe(issuing);
    expect(ENV.signerCertificateSecret in env).toBe(issuing);
    // the local test CA never exists in the stack
    expect(ENV.testSignerDir in env).toBe(false);
  });

  it('tells the issuing and the verifying functions where the trusted roots are, and no other', () => {
    const told = NAMES.filter((n) => ENV.signatureRootsSecret in environmentOf(n));
    expect(told.sort()).toEqual(['decide', 'verifyArchive']);
  });

  it("reads the agencies' CSC logins only under the stage's signer prefix, and only from the issuing functions", () => {
    for (const name of NAMES) {
      const statements = roleStatements(template, logicalId(stack.functions.byName[name].role));
      const prefixed = statements.filter((s) => JSON.stringify(s.Resource).includes('/signers/*'));
      expect(prefixed.length > 0, name).toBe(ISSUING.includes(name));
      for (const s of prefixed) expect(asArray(s.Action)).toEqual(['secretsmanager:GetSecretValue']);
    }
  });
});

describe('a timestamp authority', () => {
  it('configured for the stage, is told to the issuing functions only (their signatures become PAdES B-T)', () => {
    const { stack: withTsa } = createApp({
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [], timestampUrl: 'https://tsa.example/tsr' },
    });
    const functions = Template.fromStack(withTsa).findResources('AWS::Lambda::Function');
    for (const name of NAMES) {
      const env =
        functions[logicalId(withTsa.functions.byName[name].fn)]?.Properties.Environment?.Variables ?? {};
      expect(env[ENV.timestampUrl], name).toBe(
        ISSUING.includes(name) ? 'https://tsa.example/tsr' : undefined,
      );
    }
  });

  it('that is not a URL fails the synth, naming the setting', () => {
    expect(() =>
      createApp({ builtinCloudFormationValidation: false, context: { timestampUrl: 'tsa.example' } }),
    ).toThrow(/context "timestampUrl"/);
  });
});
