import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/aws/create-app.ts';
import { nagPacks } from '#infra/aws/nag.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { logicalId } from './support.ts';

let stack: ExchangeVisitsStack;
let template: Template;

beforeAll(() => {
  // A production stage with a shorter retention; bundling is skipped (it does not differ between stages).
  ({ stack } = createApp({
    builtinCloudFormationValidation: false,
    context: { stage: 'prod', archiveRetentionDays: 2555, 'aws:cdk:bundling-stacks': [] },
  }));
  template = Template.fromStack(stack);
});

describe('a production stage', () => {
  it('locks the archive in COMPLIANCE mode for the configured number of days', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[logicalId(stack.storage.archiveBucket)];
    expect(bucket?.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } },
    });
  });

  it('protects the table and the user pool against deletion', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('tells the functions the archive retention it was given', () => {
    const fn =
      template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.byName.archiveVisit.fn)];
    expect(fn?.Properties.Environment.Variables.ARCHIVE_RETENTION_DAYS).toBe('2555');
  });

  it('is named after its stage, so stages can share an account', () => {
    expect(stack.stackName).toBe('ExchangeVisits-prod');
  });

  it('passes the AwsSolutions and Serverless packs too', () => {
    const findings = nagPacks().flatMap((pack) =>
      pack.validateScope(stack).violations.map((v) => v.ruleName),
    );
    expect(findings).toEqual([]);
  });
});

describe('settings', () => {
  it('refuse an archive retention that is not a whole number of days', () => {
    expect(() => createApp({ context: { archiveRetentionDays: 'ten' }, nag: false })).toThrow(
      /archiveRetentionDays/,
    );
  });

  it('refuse a sender that is not an email address', () => {
    expect(() => createApp({ context: { senderEmail: 'nobody' }, nag: false })).toThrow(/senderEmail/);
  });
});
