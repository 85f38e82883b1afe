/**
 * What makes a deployed stage heard and recoverable: every alarm with its metric, threshold and action (per
 * function and per state machine), the topic and its subscription, the one dashboard, the path a bounce takes to
 * its function, and the backup plan with its copy to a second region.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { WATCHED_LOG_LINES } from '#commons/watched-log-lines.ts';
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import { nagPacks } from '#infra/aws/nag.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { asArray, logicalId, type Statement } from './support.ts';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const ALARM_EMAIL = 'ops@example.gov.vn';

let stack: ExchangeVisitsStack;
let template: Template;
let copied: ReturnType<typeof createApp>;

beforeAll(() => {
  const context = { 'aws:cdk:bundling-stacks': [], alarmEmail: ALARM_EMAIL };
  ({ stack } = createApp({ nag: false, builtinCloudFormationValidation: false, context }));
  template = Template.fromStack(stack);
  copied = createApp({
    nag: false,
    builtinCloudFormationValidation: false,
    context: {
      ...context,
      stage: 'prod',
      account: '111111111111',
      backupCopyRegion: 'ap-southeast-2',
      domainName: 'visits.example.gov.vn',
      githubRepository: 'provinces/exchange-visits',
    },
  });
});

interface AlarmMetric {
  namespace: string;
  name: string;
  dimensions: string;
  statistic?: string;
  period?: number;
}

interface Alarm {
  id: string;
  props: Record<string, unknown> & {
    Threshold: number;
    ComparisonOperator: string;
    AlarmActions?: unknown[];
    ActionsEnabled?: boolean;
    EvaluationPeriods: number;
    DatapointsToAlarm?: number;
  };
  metrics: AlarmMetric[];
}

/** Every alarm of the stack, with the metrics it reads, whether given directly or through metric math. */
function alarms(): Alarm[] {
  return Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, a]) => {
    const p = a.Properties;
    const direct: AlarmMetric[] = p.MetricName
      ? [
          {
            namespace: p.Namespace,
            name: p.MetricName,
            dimensions: JSON.stringify(p.Dimensions ?? []),
            statistic: p.Statistic ?? p.ExtendedStatistic,
            period: p.Period,
          },
        ]
      : [];
    const math: AlarmMetric[] = asArray(p.Metrics ?? [])
      .filter((m: { MetricStat?: unknown }) => m.MetricStat)
      .map((m: { MetricStat: { Metric: Record<string, unknown>; Stat: string; Period: number } }) => ({
        namespace: String(m.MetricStat.Metric.Namespace),
        name: String(m.MetricStat.Metric.MetricName),
        dimensions: JSON.stringify(m.MetricStat.Metric.Dimensions ?? []),
        statistic: m.MetricStat.Stat,
        period: m.MetricStat.Period,
      }));
    return { id, props: p, metrics: [...direct, ...math] };
  });
}

/** The alarms reading `namespace`/`name`, for the resource with this logical id when given. */
function alarmsOn(namespace: string, name: string, resource?: string): Alarm[] {
  return alarms().filter((a) =>
    a.metrics.some(
      (m) =>
        m.namespace === namespace && m.name === name && (!resource || m.dimensions.includes(`"${resource}"`)),
    ),
  );
}

function expectOne(found: Alarm[], what: string): Alarm {
  expect(found, what).toHaveLength(1);
  return found[0] as Alarm;
}

const topicRef = () => ({ Ref: logicalId(stack.monitoring.topic) });

/** Fires above `threshold` and notifies the alarm topic. */
function expectFiresAbove(alarm: Alarm, threshold: number): void {
  expect(alarm.props.Threshold).toBe(threshold);
  expect(alarm.props.ComparisonOperator).toBe('GreaterThanThreshold');
  expect(alarm.props.AlarmActions).toEqual([topicRef()]);
  expect(alarm.props.ActionsEnabled).toBe(true);
}

describe('the alarm topic', () => {
  it('is encrypted with a rotated key CloudWatch may use, refuses plain HTTP, and mails the address given', () => {
    const key = logicalId(stack.monitoring.key);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const keyPolicy = JSON.stringify(template.findResources('AWS::KMS::Key')[key]?.Properties.KeyPolicy);
    expect(keyPolicy).toContain('cloudwatch.amazonaws.com');
    const topicPolicy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0];
    expect(JSON.stringify(topicPolicy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: topicRef(),
    });
  });

  it('is what every alarm notifies', () => {
    const all = alarms();
    expect(all.length).toBeGreaterThan(2 * NAMES.length);
    for (const a of all) expect(a.props.AlarmActions, a.id).toEqual([topicRef()]);
  });
});

describe('alarms per function', () => {
  const functions = () => [
    ...NAMES.map((name) => [name, logicalId(stack.functions.byName[name].fn)] as const),
    ['linkKeyRotation', logicalId(stack.linkKey.rotation.fn)] as const,
  ];

  it('fire on any error of any function, the link-key rotation included', () => {
    for (const [name, id] of functions()) {
      const alarm = expectOne(alarmsOn('AWS/Lambda', 'Errors', id), `${name} errors`);
      expectFiresAbove(alarm, 0);
      expect(alarm.metrics[0]).toMatchObject({ statistic: 'Sum', period: 300 });
    }
  });

  it('fire on any throttle of any function', () => {
    for (const [name, id] of functions()) {
      expectFiresAbove(expectOne(alarmsOn('AWS/Lambda', 'Throttles', id), `${name} throttles`), 0);
    }
  });

  it('fire when the lifecycle reaches MarkFailed', () => {
    const id = logicalId(stack.functions.byName.markFailed.fn);
    const alarm = expectOne(alarmsOn('AWS/Lambda', 'Invocations', id), 'MarkFailed reached');
    expectFiresAbove(alarm, 0);
    expect(alarm.props.TreatMissingData).toBe('notBreaching');
  });
});

describe('alarms on the state machine', () => {
  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])('fire on any %s', (metric) => {
    const machine = logicalId(stack.workflow.stateMachine);
    expectFiresAbove(expectOne(alarmsOn('AWS/States', metric, machine), metric), 0);
  });
});

describe('alarms on the API and sign-in', () => {
  it('fire on any 5xx of the API', () => {
    const api = logicalId(stack.api.httpApi);
    expectFiresAbove(expectOne(alarmsOn('AWS/ApiGateway', '5xx', api), '5xx'), 0);
  });

  it('fire when the p90 latency stays above 3 s for 15 minutes', () => {
    const alarm = expectOne(alarmsOn('AWS/ApiGateway', 'Latency', logicalId(stack.api.httpApi)), 'latency');
    expectFiresAbove(alarm, 3000);
    expect(alarm.metrics[0]?.statistic).toBe('p90');
    expect([alarm.props.EvaluationPeriods, alarm.props.DatapointsToAlarm]).toEqual([3, 3]);
  });

  it("count the authorizer's key-fetch failures from its log line, and fire on any", () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(stack.functions.byName.authorizer.logGroup) },
      FilterPattern: `{ $.message = "${WATCHED_LOG_LINES.jwksFetchFailed}" }`,
      MetricTransformations: [
        {
          MetricName: 'JwksFetchFailures',
          MetricNamespace: `ExchangeVisits/${stack.stackName}`,
          MetricValue: '1',
        },
      ],
    });
    expectFiresAbove(
      expectOne(alarmsOn(`ExchangeVisits/${stack.stackName}`, 'JwksFetchFailures'), 'key fetch'),
      0,
    );
  });
});

describe('alarms on mail and data', () => {
  it('fire when the SES bounce rate passes 2 % or the complaint rate 0.05 %', () => {
    const bounce = expectOne(alarmsOn('AWS/SES', 'Reputation.BounceRate'), 'bounce rate');
    expectFiresAbove(bounce, 0.02);
    expectFiresAbove(expectOne(alarmsOn('AWS/SES', 'Reputation.ComplaintRate'), 'complaint rate'), 0.0005);
    expect(bounce.metrics[0]).toMatchObject({ statistic: 'Maximum', period: 3600 });
  });

  it.each(['ReadThrottleEvents', 'WriteThrottleEvents'])('fire on any %s of the table', (metric) => {
    const table = logicalId(stack.storage.table);
    expectFiresAbove(expectOne(alarmsOn('AWS/DynamoDB', metric, table), metric), 0);
  });

  it('fire on any system error of the table', () => {
    expectFiresAbove(
      expectOne(alarmsOn('AWS/DynamoDB', 'SystemErrors', logicalId(stack.storage.table)), 'errors'),
      0,
    );
  });

  it("fire when a bounce event waits in the bounce function's dead-letter queue", () => {
    const queue = logicalId(stack.functions.byName.recordBounce.deadLetterQueue!);
    expectFiresAbove(
      expectOne(alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', queue), 'dead letters'),
      0,
    );
  });
});

describe('the dashboard', () => {
  it('is one, named after the stage', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe(stack.stackName);
  });
});

describe('the path of a bounce', () => {
  it('starts at the configuration set, which sends bounces and complaints to the default event bus', () => {
    const destination = Object.values(
      template.findResources('AWS::SES::ConfigurationSetEventDestination'),
    )[0];
    expect(destination?.Properties.ConfigurationSetName).toEqual({
      Ref: logicalId(stack.mail.configurationSet),
    });
    const sent = destination?.Properties.EventDestination;
    expect(sent.Enabled).toBe(true);
    expect(sent.MatchingEventTypes).toEqual(['bounce', 'complaint']);
    const bus = JSON.stringify(sent.EventBridgeDestination.EventBusArn);
    expect(bus).toContain(':events:ap-southeast-1:');
    expect(bus).toContain(':event-bus/default');
  });

  it("goes by a rule that takes only this stage's SES bounces and complaints to the bounce function", () => {
    const fn = logicalId(stack.functions.byName.recordBounce.fn);
    const queue = logicalId(stack.functions.byName.recordBounce.deadLetterQueue!);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: {
          mail: { tags: { 'ses:configuration-set': [{ Ref: logicalId(stack.mail.configurationSet) }] } },
        },
      },
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        },
      ],
    });
  });

  it('ends at a function that records on the visit, marks the address in the directory and sends mail, and nothing else', () => {
    const spec = FUNCTIONS.recordBounce;
    expect(spec.access).toEqual([
      'table:read',
      'table:write',
      'directory:read',
      'directory:write',
      'mail:send',
    ]);
    expect(spec.kind).toBe('event');
    const fn =
      template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.byName.recordBounce.fn)];
    expect(fn?.Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [logicalId(stack.functions.byName.recordBounce.deadLetterQueue!), 'Arn'] },
    });
  });
});

describe('backups', () => {
  it('back up the table and the archive bucket every night into a vault of the stage, kept for its retention', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          {
            RuleName: 'Nightly',
            ScheduleExpression: 'cron(0 1 * * ? *)',
            ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
            TargetBackupVault: { 'Fn::GetAtt': [logicalId(stack.backups.vault), 'BackupVaultName'] },
            Lifecycle: { DeleteAfterDays: 7 },
          },
        ],
      },
    });
    const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0];
    const resources = JSON.stringify(selection?.Properties.BackupSelection.Resources);
    expect(resources).toContain(`"${logicalId(stack.storage.table)}"`);
    expect(resources).toContain(`"${logicalId(stack.storage.archiveBucket)}"`);
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });

  it('use a role AWS Backup alone assumes, able to back up and restore DynamoDB and S3', () => {
    const role = template.findResources('AWS::IAM::Role')[logicalId(stack.backups.role)];
    const trust = asArray(role?.Properties.AssumeRolePolicyDocument.Statement as Statement | Statement[]);
    expect(JSON.stringify(trust)).toContain('backup.amazonaws.com');
    const policies = JSON.stringify(role?.Properties.ManagedPolicyArns);
    for (const p of ['ForBackup', 'ForRestores', 'ForS3Backup', 'ForS3Restore'])
      expect(policies).toContain(`AWSBackupServiceRolePolicy${p}"`);
  });

  it('copy each recovery point to the vault of the second region the stage names', () => {
    const prod = Template.fromStack(copied.stack);
    const plan = Object.values(prod.findResources('AWS::Backup::BackupPlan'))[0];
    const rule = plan?.Properties.BackupPlan.BackupPlanRule[0];
    expect(rule.Lifecycle).toEqual({ DeleteAfterDays: 35 });
    expect(JSON.stringify(rule.CopyActions)).toContain(
      ':backup:ap-southeast-2:111111111111:backup-vault:ExchangeVisits-prod-copies',
    );
    expect(rule.CopyActions[0].Lifecycle).toEqual({ DeleteAfterDays: 35 });
    expect(copied.backupCopy?.region).toBe('ap-southeast-2');
    Template.fromStack(copied.backupCopy!).hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: { BackupVaultName: 'ExchangeVisits-prod-copies' },
    });
    expect(copied.stack.dependencies).toContain(copied.backupCopy);
  });

  it('make no copy for a stage that names no second region', () => {
    expect(JSON.stringify(template.findResources('AWS::Backup::BackupPlan'))).not.toContain('CopyActions');
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in a fully configured stage and each of its other stacks', () => {
    for (const s of [copied.stack, copied.sender, copied.backupCopy, copied.deployer]) {
      if (!s) throw new Error('the fully configured stage has all four stacks');
      const findings = nagPacks().flatMap((pack) =>
        pack
          .validateScope(s)
          .violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath)}`),
      );
      expect(findings, s.stackName).toEqual([]);
    }
  });
});
