import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';

export interface SenderStackProps extends StackProps {
  /** the From address of every mail; the identity is its domain */
  senderEmail: string;
}

/** The domain of a sender address, which is the SES identity that sends for it. */
export function senderDomain(senderEmail: string): string {
  const domain = senderEmail.split('@')[1];
  if (!domain) throw new Error(`sender email "${senderEmail}" has no domain`);
  return domain;
}

/**
 * The sender's SES domain identity, in a stack of its own: Cognito refuses a user pool whose mail would go through
 * an identity SES has not verified yet, and SES verifies a domain only once its DKIM records are in DNS. So this
 * stack is deployed first, its three DKIM records (outputs `Dkim1`..`Dkim3`) are added to the domain's DNS, and the
 * application's stack is deployed once SES shows the domain verified. A stage whose domain another stage or an
 * administrator already verified imports it instead (`emailIdentity: import`) and has no such stack.
 */
export class SenderStack extends Stack {
  readonly identity: ses.EmailIdentity;
  readonly domain: string;

  constructor(scope: Construct, id: string, props: SenderStackProps) {
    super(scope, id, props);
    this.domain = senderDomain(props.senderEmail);
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(this.domain),
      dkimSigning: true,
    });
    // kept if the stack goes: deleting a verified identity stops every stage that sends from it
    this.identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `Dkim${i + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DKIM record ${i + 1} of 3 for ${this.domain}: add it to the domain's DNS`,
      });
    });
    new CfnOutput(this, 'Dmarc', {
      value: `_dmarc.${this.domain} TXT "v=DMARC1; p=none; rua=mailto:postmaster@${this.domain}"`,
      description:
        'A DMARC policy for the domain (start with p=none, then quarantine once reports are clean)',
    });
  }
}
