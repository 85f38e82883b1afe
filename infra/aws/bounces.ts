import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { SES_EVENT_SOURCE, SES_FEEDBACK_DETAIL_TYPES } from '#adapters/ses-events.ts';
import type { ServiceFunction } from './service-function.ts';

export interface BouncesProps {
  configurationSet: ses.IConfigurationSet;
  /** the bounce function (manifest `recordBounce`), with its dead-letter queue */
  recordBounce: ServiceFunction;
}

/**
 * Makes a bounce or a complaint heard: the configuration set every mail goes through publishes its BOUNCE and
 * COMPLAINT events to the account's default event bus (the only bus SES publishes to), and a rule there hands the
 * events of this stage's configuration set (SES tags each event with it) to the bounce function. Delivery is
 * retried for a day; what still fails lands in the function's dead-letter queue, which an alarm watches.
 */
export class Bounces extends Construct {
  readonly destination: ses.ConfigurationSetEventDestination;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: BouncesProps) {
    super(scope, id);
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.destination = new ses.ConfigurationSetEventDestination(this, 'ToEventBridge', {
      configurationSet: props.configurationSet,
      destination: ses.EventDestination.eventBus(bus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    const deadLetterQueue = props.recordBounce.deadLetterQueue;
    if (!deadLetterQueue)
      throw new Error('the bounce function must be asynchronous, with a dead-letter queue');
    this.rule = new events.Rule(this, 'Rule', {
      description: `Bounces and complaints of ${Stack.of(this).stackName}'s mail, to its bounce function`,
      eventBus: bus,
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...SES_FEEDBACK_DETAIL_TYPES],
        detail: {
          mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } },
        },
      },
      targets: [
        new targets.LambdaFunction(props.recordBounce.fn, {
          deadLetterQueue,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}
