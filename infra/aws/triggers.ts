import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { acknowledge } from './nag.ts';

export interface TriggersProps {
  fns: Record<FunctionName, lambda.IFunction>;
}

/**
 * Owns the EventBridge rules that invoke the manifest's event functions, one per function, as its `trigger` says:
 * a schedule. Each rule delivers its event with two retries within an hour; the functions are idempotent.
 */
export class Triggers extends Construct {
  readonly rules: Partial<Record<FunctionName, events.Rule>> = {};

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]) {
      if (spec.kind !== 'event') continue;
      if (!spec.trigger) throw new Error(`${name} is an event function with no trigger`);
      const rule = new events.Rule(this, `${name}Rule`, {
        description: `Runs ${spec.entry} every ${spec.trigger.everyMinutes} minutes`,
        schedule: events.Schedule.rate(Duration.minutes(spec.trigger.everyMinutes)),
      });
      rule.addTarget(
        new targets.LambdaFunction(props.fns[name], { retryAttempts: 2, maxEventAge: Duration.hours(1) }),
      );
      acknowledge(
        rule,
        'Serverless-EventBusDLQ',
        'A scheduled sweep: an event that fails delivery is dropped harmlessly, because the next scheduled event ' +
          '(minutes later) makes the function do the same whole, idempotent sweep again.',
      );
      this.rules[name] = rule;
    }
  }
}
