/**
 * SES delivery events exactly as EventBridge hands them to a function in AWS: the EventBridge envelope, and in
 * `detail` the record SES publishes for a configuration set (the mail with the tags it was sent with, and the
 * bounce or the complaint), following the examples of the SES developer guide.
 */
import { randomUUID } from 'node:crypto';

export interface FeedbackEventInput {
  recipient: string;
  /** the mail's tags, as SES hands them back */
  visitId?: string;
  notice?: string;
  messageId?: string;
  feedbackId?: string;
  configurationSet?: string;
  at?: string;
}

const ACCOUNT = '123456789012';
const REGION = 'ap-southeast-1';

function envelope(detailType: string, at: string, detail: Record<string, unknown>) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: ACCOUNT,
    time: at,
    region: REGION,
    resources: [],
    detail,
  };
}

function mail(input: FeedbackEventInput, at: string) {
  const tags: Record<string, string[]> = {
    'ses:configuration-set': [input.configurationSet ?? 'ExchangeVisitsMailConfigurationSet'],
    'ses:source-ip': ['203.0.113.10'],
    'ses:from-domain': ['exchange-visits.example.gov.vn'],
    'ses:caller-identity': ['exchange-visits-await-decision'],
  };
  if (input.visitId) tags.visitId = [input.visitId];
  if (input.notice) tags.notice = [input.notice];
  return {
    timestamp: at,
    source: 'Trao đổi đoàn công tác <no-reply@exchange-visits.example.gov.vn>',
    sourceArn: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/exchange-visits.example.gov.vn`,
    sendingAccountId: ACCOUNT,
    messageId: input.messageId ?? `0100018${randomUUID().replaceAll('-', '')}-000000`,
    destination: [input.recipient],
    headersTruncated: false,
    tags,
  };
}

export function sesBounceEvent(
  input: FeedbackEventInput & { bounceType?: 'Permanent' | 'Transient'; bounceSubType?: string },
) {
  const at = input.at ?? new Date().toISOString();
  return envelope('Email Bounced', at, {
    eventType: 'Bounce',
    bounce: {
      bounceType: input.bounceType ?? 'Permanent',
      bounceSubType: input.bounceSubType ?? 'General',
      bouncedRecipients: [
        {
          emailAddress: input.recipient,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
      timestamp: at,
      feedbackId: input.feedbackId ?? `0100018${randomUUID()}-000000`,
      reportingMTA: 'dsn; a8-1.smtp-out.ap-southeast-1.amazonses.com',
    },
    mail: mail(input, at),
  });
}

export function sesComplaintEvent(input: FeedbackEventInput) {
  const at = input.at ?? new Date().toISOString();
  return envelope('Email Complaint Received', at, {
    eventType: 'Complaint',
    complaint: {
      feedbackId: input.feedbackId ?? `0100018${randomUUID()}-000000`,
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: input.recipient }],
      timestamp: at,
      userAgent: 'Mozilla/5.0',
      complaintFeedbackType: 'abuse',
      arrivalDate: at,
    },
    mail: mail(input, at),
  });
}
