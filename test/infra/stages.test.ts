/**
 * Where each stage runs and what it is made of: the account and region pinned per stage (and a synth that names
 * neither refusing to deploy), the sender identity created in a stack of its own or imported, the user pool's plan,
 * managed login and mail, a custom domain that every link follows, and a stack pointed at a restored table.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/aws/create-app.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { logicalId } from './support.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const ACCOUNT = '111111111111';
const PLACED_PROD = {
  stage: 'prod',
  strict: 'true',
  account: ACCOUNT,
  alarmEmail: 'ops@example.gov.vn',
  domainName: 'visits.example.gov.vn',
  certificateArn: `arn:aws:acm:ap-southeast-1:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`,
  tableName: 'exchange-visits-restored-20260901',
};

function synth(context: Record<string, unknown>) {
  return createApp({
    nag: false,
    builtinCloudFormationValidation: false,
    context: { ...NO_BUNDLING, ...context },
  });
}

let dev: ReturnType<typeof synth>;
let devTemplate: Template;
let prod: ReturnType<typeof synth>;
let prodTemplate: Template;

beforeAll(() => {
  dev = synth({});
  devTemplate = Template.fromStack(dev.stack);
  prod = synth(PLACED_PROD);
  prodTemplate = Template.fromStack(prod.stack);
});

const envOf = (stack: ExchangeVisitsStack) => ({ account: stack.account, region: stack.region });

describe('where a stage runs', () => {
  it('pins each stage to the region cdk.json gives it, ap-southeast-1 for both shipped stages', () => {
    expect(dev.stack.region).toBe('ap-southeast-1');
    expect(prod.stack.region).toBe('ap-southeast-1');
  });

  it('deploys a stage to the account its context names', () => {
    expect(envOf(prod.stack)).toEqual({ account: ACCOUNT, region: 'ap-southeast-1' });
    expect(prod.sender?.account).toBe(ACCOUNT);
  });

  it('keeps a plain synth with no account working, and its template refuses to deploy, saying what to set', () => {
    const rules = devTemplate.toJSON().Rules as Record<
      string,
      { Assertions: { AssertDescription: string }[] }
    >;
    const refusal = rules.StageIsPlaced?.Assertions[0];
    expect(refusal?.AssertDescription).toMatch(/stages\.dev\.account/);
    expect(refusal?.AssertDescription).toMatch(/npm run deploy -- -c stage=dev/);
    expect(Template.fromStack(dev.sender!).toJSON().Rules.StageIsPlaced).toBeDefined();
  });

  it('puts no refusal in the templates of a placed stage', () => {
    expect(prodTemplate.toJSON().Rules?.StageIsPlaced).toBeUndefined();
  });

  it.each([
    ['account', { account: undefined }, /an account \(stages\.prod\.account/],
    [
      'region',
      { stage: 'staging', senderEmail: 'no-reply@staging.example.gov.vn', archiveRetentionDays: 30 },
      /a region \(stages\.staging\.region/,
    ],
    ['alarm address', { alarmEmail: undefined }, /an alarm address/],
  ])('refuses a deployable synth (strict) of a stage with no %s', (_what, change, message) => {
    expect(() => synth({ ...PLACED_PROD, ...change })).toThrow(message);
  });

  it('refuses an account id that is not twelve digits', () => {
    expect(() => synth({ account: '12345' })).toThrow(/"account" of stage "dev" must be a 12-digit/);
  });
});

describe('the sender', () => {
  it("creates the sender's domain identity in a stack of its own, with its DKIM records as outputs", () => {
    const sender = Template.fromStack(dev.sender!);
    sender.hasResource('AWS::SES::EmailIdentity', {
      DeletionPolicy: 'Retain',
      Properties: { EmailIdentity: 'dev.exchange-visits.example.gov.vn' },
    });
    const outputs = Object.keys(sender.toJSON().Outputs ?? {});
    expect(outputs).toEqual(expect.arrayContaining(['Dkim1', 'Dkim2', 'Dkim3', 'Dmarc']));
    devTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });

  it('deploys the application after its sender stack', () => {
    expect(dev.stack.dependencies).toContain(dev.sender);
  });

  it('imports the identity instead where the stage says so: no sender stack, the same grants', () => {
    const imported = synth({ emailIdentity: 'import' });
    expect(imported.sender).toBeUndefined();
    const policies = JSON.stringify(Template.fromStack(imported.stack).findResources('AWS::IAM::Policy'));
    expect(policies).toContain(':identity/dev.exchange-visits.example.gov.vn');
  });

  it('gives each stage its own sender domain, so two stages deploy side by side', () => {
    expect(dev.stack.mail.senderDomain).not.toBe(prod.stack.mail.senderDomain);
  });
});

describe('the user pool', () => {
  it('is on the Essentials plan', () => {
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS' });
  });

  it("mails through SES from the site's sender and configuration set, never from Cognito's sender", () => {
    const pool = Object.values(devTemplate.findResources('AWS::Cognito::UserPool'))[0];
    const mail = pool?.Properties.EmailConfiguration;
    expect(mail.EmailSendingAccount).toBe('DEVELOPER');
    expect(mail.From).toMatch(/^=\?UTF-8\?B\?.+\?= <no-reply@dev\.exchange-visits\.example\.gov\.vn>$/);
    expect(JSON.stringify(mail.SourceArn)).toContain(':identity/dev.exchange-visits.example.gov.vn');
    expect(mail.ConfigurationSet).toEqual({ Ref: logicalId(dev.stack.mail.configurationSet) });
  });

  it('invites in Vietnamese (then English) with the username, the temporary password and the site to sign in at', () => {
    const pool = Object.values(devTemplate.findResources('AWS::Cognito::UserPool'))[0];
    const invite = pool?.Properties.AdminCreateUserConfig.InviteMessageTemplate;
    expect(invite.EmailSubject).toMatch(/^Tài khoản/);
    const body = JSON.stringify(invite.EmailMessage);
    for (const part of ['Kính gửi', '{username}', '{####}', 'ApiEndpoint', 'You have an account'])
      expect(body).toContain(part);
    expect(pool?.Properties.VerificationMessageTemplate.EmailMessage).toMatch(/Mã xác minh.*\{####\}/s);
  });

  it('serves managed login (version 2) with a branding style for the web client', () => {
    devTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    devTemplate.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: logicalId(dev.stack.auth.client) },
      UseCognitoProvidedValues: true,
    });
  });

  it('lets the web client sign in by choice (password or passkey) and by nothing else', () => {
    devTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    });
  });
});

describe('a custom domain', () => {
  it('maps the API to the domain with the certificate given, and turns the execute-api address off', () => {
    prodTemplate.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'visits.example.gov.vn',
      DomainNameConfigurations: [
        { CertificateArn: PLACED_PROD.certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
    });
    prodTemplate.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: logicalId(prod.stack.api.httpApi) },
      DomainName: { Ref: logicalId(prod.stack.api.domainName!) },
      Stage: '$default',
    });
    prodTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(prodTemplate.toJSON().Outputs.DomainTarget).toBeDefined();
  });

  it('requests a DNS-validated certificate when none is given', () => {
    const { stack } = synth({ domainName: 'dev.visits.example.gov.vn' });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'dev.visits.example.gov.vn',
      ValidationMethod: 'DNS',
    });
  });

  it('makes every link and the sign-in return follow the domain', () => {
    const fn =
      prodTemplate.findResources('AWS::Lambda::Function')[
        logicalId(prod.stack.functions.byName.awaitDecision.fn)
      ];
    expect(fn?.Properties.Environment.Variables.PUBLIC_URL).toBe('https://visits.example.gov.vn');
    prodTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://visits.example.gov.vn/auth/callback'],
    });
  });

  it('leaves the execute-api address as the URL of a stage without a domain', () => {
    devTemplate.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    const fn =
      devTemplate.findResources('AWS::Lambda::Function')[
        logicalId(dev.stack.functions.byName.awaitDecision.fn)
      ];
    expect(JSON.stringify(fn?.Properties.Environment.Variables.PUBLIC_URL)).toContain('ApiEndpoint');
  });
});

describe('a restored table', () => {
  it('is used in place of the one the stack would create: names, grants and no new table', () => {
    prodTemplate.resourceCountIs('AWS::DynamoDB::Table', 0);
    const fn =
      prodTemplate.findResources('AWS::Lambda::Function')[logicalId(prod.stack.functions.byName.getVisit.fn)];
    expect(fn?.Properties.Environment.Variables.TABLE_NAME).toBe(PLACED_PROD.tableName);
    const grants = JSON.stringify(prodTemplate.findResources('AWS::IAM::Policy'));
    expect(grants).toContain(`:table/${PLACED_PROD.tableName}`);
  });
});

describe('the pipeline roles', () => {
  it('let only the repository assume them: deploys from the stage environment, diffs from pull requests', () => {
    const { deployer } = synth({ ...PLACED_PROD, githubRepository: 'provinces/exchange-visits' });
    const t = Template.fromStack(deployer!);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const roles = Object.values(t.findResources('AWS::IAM::Role')).map((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument),
    );
    expect(roles.some((r) => r.includes('"repo:provinces/exchange-visits:environment:prod"'))).toBe(true);
    expect(roles.some((r) => r.includes('"repo:provinces/exchange-visits:pull_request"'))).toBe(true);
    for (const r of roles)
      expect(r).toContain('"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"');
  });

  it('may assume only the bootstrap roles of the stage, the diff role only the read-only lookup role', () => {
    const { deployer } = synth({ ...PLACED_PROD, githubRepository: 'provinces/exchange-visits' });
    const policies = Object.values(Template.fromStack(deployer!).findResources('AWS::IAM::Policy')).map((p) =>
      JSON.stringify(p.Properties.PolicyDocument),
    );
    const deploy = policies.find((p) => p.includes('deploy-role'));
    expect(deploy).toContain(`cdk-hnb659fds-deploy-role-${ACCOUNT}-ap-southeast-1`);
    expect(deploy).toContain(`cdk-hnb659fds-file-publishing-role-${ACCOUNT}-ap-southeast-1`);
    const diff = policies.find((p) => !p.includes('deploy-role'));
    expect(diff).toContain(`cdk-hnb659fds-lookup-role-${ACCOUNT}-ap-southeast-1`);
    expect(diff).not.toContain('file-publishing');
    for (const p of policies) expect(p).not.toContain('"Resource":"*"');
  });

  it('are not made for a stage that names no repository', () => {
    expect(prod.deployer).toBeUndefined();
  });
});
