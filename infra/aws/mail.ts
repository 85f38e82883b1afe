import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  senderEmail: string;
}

/**
 * Owns sending mail: the SES identity for the sender's domain (DKIM signed, so any address on it can send) and
 * the configuration set every message goes through (reputation metrics, sending switch).
 */
export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const domain = props.senderEmail.split('@')[1];
    if (!domain) throw new Error(`sender email "${props.senderEmail}" has no domain`);
    this.senderDomain = domain;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(domain),
      configurationSet: this.configurationSet,
    });
  }
}
