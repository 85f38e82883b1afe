import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { FUNCTIONS, SCHEDULED_FUNCTIONS, type ScheduledFunctionName } from '#functions/manifest.ts';

export interface SchedulesProps {
  functions: Record<ScheduledFunctionName, lambda.IFunction>;
}

/**
 * Owns the schedules that run the manifest's scheduled functions: one EventBridge Scheduler schedule each, at the
 * manifest's rate (`everyMinutes`), invoking that function through a role of its own that Scheduler alone (of this
 * account) may assume and that may invoke that function's ARN and nothing else (no version, no alias). A failed
 * invocation is tried again twice within the period; past it the event is of no use, since the next run does the
 * same work (what is due stays due in the table).
 */
export class Schedules extends Construct {
  readonly byName: Record<ScheduledFunctionName, { schedule: scheduler.Schedule; role: iam.Role }>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.byName = Object.fromEntries(
      SCHEDULED_FUNCTIONS.map((name) => {
        const fn = props.functions[name];
        const minutes = FUNCTIONS[name].everyMinutes;
        const role = new iam.Role(this, `${name}Role`, {
          assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
            conditions: { StringEquals: { 'aws:SourceAccount': account } },
          }),
          description: `Lets EventBridge Scheduler invoke ${FUNCTIONS[name].entry}`,
        });
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
        );
        const target: scheduler.IScheduleTarget = {
          bind: () => ({
            arn: fn.functionArn,
            role,
            retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: minutes * 60 },
          }),
        };
        const schedule = new scheduler.Schedule(this, name, {
          description: `Runs ${FUNCTIONS[name].entry} every ${minutes} minutes`,
          schedule: scheduler.ScheduleExpression.rate(Duration.minutes(minutes)),
          target,
        });
        return [name, { schedule, role }];
      }),
    ) as Record<ScheduledFunctionName, { schedule: scheduler.Schedule; role: iam.Role }>;
  }
}
