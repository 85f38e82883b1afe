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
 * Cognito need it verified before anything sends through it.
 */
export class Mail extends Construct {
  readonly identity: ses.IEmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderDomain = senderDomain(props.senderEmail);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', this.senderDomain);
  }
}
