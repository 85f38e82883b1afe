import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SES_EVENT_SOURCE, SES_FEEDBACK_DETAIL_TYPES } from '#adapters/ses-events.ts';
import { FUNCTIONS, type FunctionName, type FunctionSpec, type Trigger } from '#functions/manifest.ts';
import { acknowledge } from './nag.ts';
import type { ServiceFunction } from './service-function.ts';

export interface TriggersProps {
  functions: Record<FunctionName, ServiceFunction>;
  /** the lifecycle's state machine, whose executions' ends are delivered */
  stateMachine: sfn.IStateMachine;
  /** the configuration set every mail goes through, whose bounces and complaints are delivered */
  configurationSet: ses.IConfigurationSet;
}

/**
 * Owns the EventBridge rules that invoke the manifest's event functions, one per function, as its `trigger` says: a
 * schedule, the lifecycle's executions ending in the statuses it names, or the bounces and complaints SES publishes
 * for this stage's configuration set (to the account's default bus, the only one SES publishes to, where every
 * rule here lives). The functions are idempotent. A schedule repeats the whole work, so its event may be dropped;
 * any other event comes once, so what cannot be delivered goes to the function's own dead-letter queue (see
 * `Functions`), which an alarm watches.
 */
export class Triggers extends Construct {
  readonly rules: Partial<Record<FunctionName, events.Rule>> = {};

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]) {
      if (spec.kind !== 'event') continue;
      if (!spec.trigger) throw new Error(`${name} is an event function with no trigger`);
      const fn = props.functions[name];
      const rule = new events.Rule(this, `${name}Rule`, {
        description: this.describe(spec.entry, spec.trigger),
        ...this.source(spec.trigger, props),
      });
      if ('everyMinutes' in spec.trigger) {
        rule.addTarget(
          new targets.LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) }),
        );
        acknowledge(
          rule,
          'Serverless-EventBusDLQ',
          'A scheduled sweep: an event that fails delivery is dropped harmlessly, because the next scheduled event ' +
            '(minutes later) makes the function do the same whole, idempotent sweep again.',
        );
      } else {
        const deadLetterQueue = fn.deadLetterQueue;
        if (!deadLetterQueue)
          throw new Error(`${name} is invoked by events that come once but has no dead-letter queue`);
        // a bounce is retried for a day (the function may be throttled or the table busy); an execution's end for
        // an hour
        const delivery =
          'mailFeedback' in spec.trigger
            ? { retryAttempts: 185, maxEventAge: Duration.hours(24) }
            : { retryAttempts: 2, maxEventAge: Duration.hours(1) };
        rule.addTarget(new targets.LambdaFunction(fn.fn, { ...delivery, deadLetterQueue }));
      }
      this.rules[name] = rule;
    }
  }

  private describe(entry: string, trigger: Trigger): string {
    if ('everyMinutes' in trigger) return `Runs ${entry} every ${trigger.everyMinutes} minutes`;
    if ('executionEnded' in trigger)
      return `Runs ${entry} when a lifecycle execution ends ${trigger.executionEnded.join(', ')}`;
    return `Bounces and complaints of ${Stack.of(this).stackName}'s mail, to ${entry}`;
  }

  private source(
    trigger: Trigger,
    props: TriggersProps,
  ): Pick<events.RuleProps, 'schedule' | 'eventPattern'> {
    if ('everyMinutes' in trigger)
      return { schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes)) };
    if ('executionEnded' in trigger)
      return {
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          detail: {
            stateMachineArn: [props.stateMachine.stateMachineArn],
            status: [...trigger.executionEnded],
          },
        },
      };
    return {
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...SES_FEEDBACK_DETAIL_TYPES],
        detail: {
          mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } },
        },
      },
    };
  }
}
