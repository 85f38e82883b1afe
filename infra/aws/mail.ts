import * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { senderDomain } from './sender-stack.ts';

export interface MailProps {
  senderEmail: string;
}

/**
 * Owns sending mail: the configuration set every message goes through (reputation metrics, sending switch, the
 * account's suppression of bounced and complaining addresses) and the sender's domain identity, which this stack
 * only names: it is verified beforehand, by the stage's sender stack (`SenderStack`) or by hand, because SES and
 * Cognito need it verified before anything sends through it. The configuration set publishes its BOUNCE and
 * COMPLAINT events to the account's default event bus (the only bus SES publishes to), where a rule (`Triggers`)
 * hands this stage's to the bounce function.
 */
export class Mail extends Construct {
  readonly identity: ses.IEmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderDomain: string;
  /** where the configuration set sends its bounces and complaints: the default event bus */
  readonly feedback: ses.ConfigurationSetEventDestination;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderDomain = senderDomain(props.senderEmail);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', this.senderDomain);
    this.feedback = new ses.ConfigurationSetEventDestination(this, 'FeedbackToEventBridge', {
      configurationSet: this.configurationSet,
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }
}
