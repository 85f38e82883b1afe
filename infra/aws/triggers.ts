import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { acknowledge } from './nag.ts';

export interface TriggersProps {
  fns: Record<FunctionName, lambda.IFunction>;
  /** the lifecycle's state machine, whose executions' ends are delivered */
  stateMachine: sfn.IStateMachine;
  /** the dead-letter queue of each function invoked on an execution's end */
  deadLetters: Partial<Record<FunctionName, sqs.IQueue>>;
}

/**
 * Owns the EventBridge rules that invoke the manifest's event functions, one per function, as its `trigger` says:
 * a schedule, or the lifecycle's executions ending in the statuses it names. Each rule delivers its event with two
 * retries within an hour; the functions are idempotent. An execution's end comes once, so what cannot be delivered
 * goes to the function's dead-letter queue.
 */
export class Triggers extends Construct {
  readonly rules: Partial<Record<FunctionName, events.Rule>> = {};

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]) {
      if (spec.kind !== 'event') continue;
      if (!spec.trigger) throw new Error(`${name} is an event function with no trigger`);
      const delivery = { retryAttempts: 2, maxEventAge: Duration.hours(1) };
      let rule: events.Rule;
      if ('everyMinutes' in spec.trigger) {
        rule = new events.Rule(this, `${name}Rule`, {
          description: `Runs ${spec.entry} every ${spec.trigger.everyMinutes} minutes`,
          schedule: events.Schedule.rate(Duration.minutes(spec.trigger.everyMinutes)),
        });
        rule.addTarget(new targets.LambdaFunction(props.fns[name], delivery));
        acknowledge(
          rule,
          'Serverless-EventBusDLQ',
          'A scheduled sweep: an event that fails delivery is dropped harmlessly, because the next scheduled event ' +
            '(minutes later) makes the function do the same whole, idempotent sweep again.',
        );
      } else {
        const deadLetterQueue = props.deadLetters[name];
        if (!deadLetterQueue)
          throw new Error(`${name} is invoked on an execution's end but has no dead-letter queue`);
        rule = new events.Rule(this, `${name}Rule`, {
          description: `Runs ${spec.entry} when a lifecycle execution ends ${spec.trigger.executionEnded.join(', ')}`,
          eventPattern: {
            source: ['aws.states'],
            detailType: ['Step Functions Execution Status Change'],
            detail: {
              stateMachineArn: [props.stateMachine.stateMachineArn],
              status: [...spec.trigger.executionEnded],
            },
          },
        });
        rule.addTarget(new targets.LambdaFunction(props.fns[name], { ...delivery, deadLetterQueue }));
      }
      this.rules[name] = rule;
    }
  }
}
