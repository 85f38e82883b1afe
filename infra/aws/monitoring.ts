import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  DashboardRenderingPreference,
  DefaultDashboardFactory,
  MonitoringFacade,
  SnsAlarmActionStrategy,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { WATCHED_LOG_LINES } from '#commons/watched-log-lines.ts';
import { acknowledge } from './nag.ts';

/**
 * When each alarm fires. Counts are per 5 minutes and fire above the number given (so `0` means "any"); every
 * alarm notifies the alarm topic when it fires.
 */
export const ALARM_THRESHOLDS = {
  /** a function failed, or Lambda refused to run it (the account's concurrency is spent) */
  lambdaErrors: 0,
  lambdaThrottles: 0,
  /** an execution failed, timed out or was aborted: a visit that will not move on by itself */
  executionsFailed: 0,
  executionsTimedOut: 0,
  executionsAborted: 0,
  /** a step failed after its retries and the lifecycle reached MarkFailed */
  markFailedInvocations: 0,
  /** the API answered a 5xx */
  api5xx: 0,
  /** the API's p90 latency, held for three periods in a row */
  apiLatencyP90: Duration.seconds(3),
  /** the authorizer could not fetch the user pool's signing keys */
  jwksFetchFailures: 0,
  /** the account's SES reputation: AWS reviews an account at 5 % bounces and 0.1 % complaints */
  sesBounceRate: 0.02,
  sesComplaintRate: 0.0005,
  /** the table throttled a read or a write, or failed one */
  dynamoThrottledEvents: 0,
  dynamoSystemErrors: 0,
  /** an event that failed after its retries is waiting in a dead-letter queue */
  deadLetters: 0,
} as const;

const PERIOD = Duration.minutes(5);

export interface MonitoringProps {
  /** the stage's stack name: the prefix of every alarm and of the dashboard */
  name: string;
  /** who the alarms mail; no subscription when unset (a strict synth requires it) */
  alarmEmail?: string;
  /** every function, by name; the link-key rotation function among them */
  functions: Record<string, lambda.IFunction>;
  /** the function of the MarkFailed state */
  markFailed: lambda.IFunction;
  /** the function whose errors mean a failed link-key rotation */
  keyRotation: lambda.IFunction;
  stateMachine: sfn.IStateMachine;
  httpApi: apigw.IHttpApi;
  table: dynamodb.ITable;
  /** the authorizer's log group, where it writes `WATCHED_LOG_LINES.jwksFetchFailed` */
  authorizerLogs: logs.ILogGroup;
  deadLetterQueues: Record<string, sqs.IQueue>;
}

/**
 * Makes failures heard, with the ecosystem's construct library (cdk-monitoring-constructs) rather than alarms
 * written by hand: it knows each service's metrics, statistics and missing-data treatment, names alarms
 * consistently, and draws the dashboard from the same definitions. Owns the alarm topic (encrypted with a key
 * CloudWatch may use, TLS only, an email subscription), the alarms of `ALARM_THRESHOLDS`, the metric filter that
 * counts the authorizer's key-fetch failures, and one dashboard.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  readonly facade: MonitoringFacade;
  readonly jwksFailures: logs.MetricFilter;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'TopicKey', {
      description: `Encrypts ${props.name}'s alarm topic`,
      enableKeyRotation: true,
    });
    // CloudWatch publishes to an encrypted topic only with a customer managed key it is allowed to use
    this.key.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `${props.name} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      const subscription = this.topic.node.findChild(props.alarmEmail);
      acknowledge(
        subscription,
        'Serverless-SNSRedrivePolicy',
        'An email subscription: SNS retries a mail it cannot deliver, and an alarm that fired stays in ALARM on ' +
          'the dashboard and in the console, so a redrive queue would only keep undelivered alarm mails nobody reads.',
      );
    }

    this.facade = new MonitoringFacade(this, 'Facade', {
      alarmFactoryDefaults: {
        alarmNamePrefix: props.name,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: this.topic }),
        datapointsToAlarm: 1,
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: props.name,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
        renderingPreference: DashboardRenderingPreference.INTERACTIVE_ONLY,
      }),
    });
    const T = ALARM_THRESHOLDS;
    const any = (count: number) => ({ Critical: { maxErrorCount: count } });

    this.facade.addLargeHeader(`${props.name}: the visit lifecycle`);
    this.facade.monitorStepFunction({
      stateMachine: props.stateMachine,
      alarmFriendlyName: 'Lifecycle',
      addFailedExecutionCountAlarm: any(T.executionsFailed),
      addTimedOutExecutionCountAlarm: any(T.executionsTimedOut),
      addAbortedExecutionCountAlarm: any(T.executionsAborted),
    });
    this.facade.monitorCustom({
      alarmFriendlyName: 'MarkFailed',
      humanReadableName: 'Steps that failed after their retries (MarkFailed reached)',
      metricGroups: [
        {
          title: 'MarkFailed reached',
          metrics: [
            {
              metric: props.markFailed.metricInvocations({ statistic: 'Sum', period: PERIOD }),
              alarmFriendlyName: 'MarkFailedReached',
              addAlarm: { Critical: above(T.markFailedInvocations, 'A visit step failed after its retries') },
            },
          ],
        },
      ],
    });

    this.facade.addLargeHeader('The web and API');
    this.facade.monitorApiGatewayV2HttpApi({
      api: props.httpApi,
      apiStage: '$default',
      alarmFriendlyName: 'Api',
      add5xxCountAlarm: any(T.api5xx),
      addLatencyP90Alarm: {
        Warning: { maxLatency: T.apiLatencyP90, datapointsToAlarm: 3, evaluationPeriods: 3 },
      },
    });
    this.jwksFailures = new logs.MetricFilter(this, 'JwksFetchFailures', {
      logGroup: props.authorizerLogs,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', WATCHED_LOG_LINES.jwksFetchFailed),
      metricNamespace: `ExchangeVisits/${props.name}`,
      metricName: 'JwksFetchFailures',
      metricValue: '1',
    });
    this.facade.monitorCustom({
      alarmFriendlyName: 'Authorizer',
      humanReadableName: "The authorizer could not fetch the user pool's signing keys",
      metricGroups: [
        {
          title: 'Signing-key fetch failures',
          metrics: [
            {
              metric: this.jwksFailures.metric({ statistic: 'Sum', period: PERIOD }),
              alarmFriendlyName: 'JwksFetchFailed',
              addAlarm: {
                Critical: above(
                  T.jwksFetchFailures,
                  'Signed-in requests fail: the signing keys cannot be fetched',
                ),
              },
            },
          ],
        },
      ],
    });

    this.facade.addLargeHeader('Functions');
    for (const [name, fn] of Object.entries(props.functions)) {
      this.facade.monitorLambdaFunction({
        lambdaFunction: fn,
        alarmFriendlyName: fn === props.keyRotation ? 'LinkKeyRotation' : name,
        humanReadableName: fn === props.keyRotation ? 'Link-key rotation' : name,
        addFaultCountAlarm: any(T.lambdaErrors),
        addThrottlesCountAlarm: any(T.lambdaThrottles),
      });
    }

    this.facade.addLargeHeader('Mail, data and dead letters');
    const sesRate = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: 'Maximum',
        period: Duration.hours(1),
      });
    this.facade.monitorCustom({
      alarmFriendlyName: 'SesReputation',
      humanReadableName: "The account's SES reputation",
      metricGroups: [
        {
          title: 'Bounce and complaint rates',
          metrics: [
            {
              metric: sesRate('Reputation.BounceRate'),
              alarmFriendlyName: 'SesBounceRate',
              addAlarm: { Critical: above(T.sesBounceRate, 'Too many mails bounce: SES may pause sending') },
            },
            {
              metric: sesRate('Reputation.ComplaintRate'),
              alarmFriendlyName: 'SesComplaintRate',
              addAlarm: {
                Critical: above(T.sesComplaintRate, 'Recipients mark mail as spam: SES may pause it'),
              },
            },
          ],
        },
      ],
    });
    this.facade.monitorDynamoTable({
      table: props.table,
      alarmFriendlyName: 'Table',
      addReadThrottledEventsCountAlarm: {
        Critical: { maxThrottledEventsThreshold: T.dynamoThrottledEvents },
      },
      addWriteThrottledEventsCountAlarm: {
        Critical: { maxThrottledEventsThreshold: T.dynamoThrottledEvents },
      },
      addSystemErrorCountAlarm: any(T.dynamoSystemErrors),
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.facade.monitorSqsQueue({
        queue,
        alarmFriendlyName: `${name}DeadLetters`,
        addQueueMaxSizeAlarm: { Critical: { maxMessageCount: T.deadLetters } },
      });
    }
  }
}

/** An alarm above `threshold`; no data means nothing happened. */
function above(threshold: number, description: string) {
  return {
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescriptionOverride: description,
  };
}
