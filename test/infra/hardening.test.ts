/**
 * The stack's hardening findings (least privilege, the write-once archive, a second factor for everyone), each
 * held by a test read against the synthesized template or the synth's own cdk-nag run.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_VARIABLES, type Access, FUNCTIONS } from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { asArray, covers, logicalId, type Statement } from './support.ts';

/** Bundling skipped: none of this depends on the handlers' code. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

let stack: ExchangeVisitsStack;
let template: Template;

beforeAll(() => {
  ({ stack } = createApp({ nag: false, builtinCloudFormationValidation: false, context: NO_BUNDLING }));
  template = Template.fromStack(stack);
});

/** Every Allow statement of every identity policy in the stack. */
function allowed(): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => asArray(p.Properties.PolicyDocument.Statement as Statement | Statement[]))
    .filter((s) => s.Effect === 'Allow');
}

function allowing(action: string): Statement[] {
  return allowed().filter((s) => asArray(s.Action).some((a) => covers(a, action)));
}

describe('least privilege', () => {
  it('lets no role delete table items or write in batches: nothing deletes from the table', () => {
    expect(allowing('dynamodb:DeleteItem')).toEqual([]);
    expect(allowing('dynamodb:BatchWriteItem')).toEqual([]);
  });

  it('lets no role ConditionCheckItem, and BatchGetItem only the functions that read the directory', () => {
    expect(allowing('dynamodb:ConditionCheckItem')).toEqual([]);
    const readers = Object.entries(FUNCTIONS)
      .filter(([, f]) => (f.access as readonly Access[]).includes('directory:read'))
      .map(([name]) => logicalId(stack.functions.byName[name as keyof typeof FUNCTIONS].role));
    const batch = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      asArray(p.Properties.PolicyDocument.Statement as Statement | Statement[]).some(
        (s) => s.Effect === 'Allow' && asArray(s.Action).some((a) => covers(a, 'dynamodb:BatchGetItem')),
      ),
    );
    const roles = batch.flatMap((p) => asArray(p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(readers).toContain(role);
  });

  it('defines no access that no function declares', () => {
    const declared = new Set(Object.values(FUNCTIONS).flatMap((f) => f.access as readonly Access[]));
    expect((Object.keys(ACCESS_VARIABLES) as Access[]).filter((a) => !declared.has(a))).toEqual([]);
  });

  it('scopes task callbacks to the lifecycle state machine', () => {
    const callbacks = allowing('states:SendTaskSuccess');
    expect(callbacks.length).toBeGreaterThan(0);
    for (const s of callbacks) expect(s.Resource).toEqual({ Ref: logicalId(stack.workflow.stateMachine) });
  });

  it.each([
    ['getVisit', 's3:DeleteObject'],
    ['approvalLink', 's3:BypassGovernanceRetention'],
  ] as const)('fails the synth when a later statement lets %s %s on any resource', (name, action) => {
    const { app, stack: withWildcard } = createApp({
      builtinCloudFormationValidation: false,
      context: NO_BUNDLING,
    });
    withWildcard.functions.byName[name].role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [action], resources: ['*'] }),
    );

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});

describe('the write-once archive', () => {
  it('refuses, by bucket policy, any PutObject on the archive that does not carry If-None-Match', () => {
    const archive = logicalId(stack.storage.archiveBucket);
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === archive,
    );
    const statements = asArray(policy?.Properties.PolicyDocument.Statement ?? []) as (Statement & {
      Principal?: unknown;
    })[];
    const refusal = statements.find((s) => s.Effect === 'Deny' && asArray(s.Action).includes('s3:PutObject'));
    expect([{ AWS: '*' }, '*']).toContainEqual(refusal?.Principal);
    expect(refusal?.Condition).toEqual({ Null: { 's3:if-none-match': 'true' } });
    expect(JSON.stringify(refusal?.Resource)).toContain(`"${archive}"`);
  });
});

describe('a second factor', () => {
  it('is required of every user: TOTP, and passkeys with user verification count as both factors', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      WebAuthnUserVerification: 'required',
      WebAuthnFactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    });
  });
});
