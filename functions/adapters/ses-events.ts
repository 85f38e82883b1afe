/**
 * SES's delivery events as EventBridge delivers them to a function: `source` "aws.ses", `detail-type` "Email
 * Bounced" or "Email Complaint Received", and in `detail` the event SES publishes for a configuration set
 * (`eventType`, `mail` with the tags the mail was sent with, and `bounce` or `complaint`). Read into the domain's
 * MailFeedback; anything else is refused by name, so a wrong event never records half a bounce.
 */
import * as z from 'zod/mini';
import type { MailFeedback } from '#domain/mail-bounces.ts';
import { MAIL_TAG_NAMES } from './ses-mailer.ts';

export const SES_EVENT_SOURCE = 'aws.ses';
/** The detail types the bounce function is given (the rule's pattern names them). */
export const SES_FEEDBACK_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

const recipients = z.array(z.object({ emailAddress: z.string().check(z.minLength(3)) }));
const tags = z.optional(z.record(z.string(), z.array(z.string())));

const mail = z.object({
  messageId: z.string().check(z.minLength(1)),
  timestamp: z.optional(z.string()),
  tags,
});

const bounceDetail = z.object({
  eventType: z.literal('Bounce'),
  mail,
  bounce: z.object({
    bounceType: z.string(),
    bounceSubType: z.optional(z.string()),
    bouncedRecipients: recipients,
    timestamp: z.string(),
    feedbackId: z.string().check(z.minLength(1)),
  }),
});

const complaintDetail = z.object({
  eventType: z.literal('Complaint'),
  mail,
  complaint: z.object({
    complainedRecipients: recipients,
    complaintFeedbackType: z.optional(z.string()),
    timestamp: z.string(),
    feedbackId: z.string().check(z.minLength(1)),
  }),
});

export const sesFeedbackEvent = z.object({
  source: z.literal(SES_EVENT_SOURCE),
  'detail-type': z.enum(SES_FEEDBACK_DETAIL_TYPES),
  detail: z.discriminatedUnion('eventType', [bounceDetail, complaintDetail]),
});

export type SesFeedbackEvent = z.infer<typeof sesFeedbackEvent>;

/** The first value of a mail tag, if the mail carried it. */
function tag(values: Record<string, string[]> | undefined, name: string): string | undefined {
  return values?.[name]?.[0] || undefined;
}

/** The domain's reading of one SES feedback event; throws a ZodError naming what is wrong with any other input. */
export function mailFeedbackOf(input: unknown): MailFeedback {
  const { detail } = sesFeedbackEvent.parse(input);
  const visitId = tag(detail.mail.tags, MAIL_TAG_NAMES.visitId);
  const notice = tag(detail.mail.tags, MAIL_TAG_NAMES.notice);
  const about = {
    messageId: detail.mail.messageId,
    ...(visitId ? { visitId } : {}),
    ...(notice ? { notice } : {}),
  };
  if (detail.eventType === 'Bounce') {
    const b = detail.bounce;
    return {
      kind: 'bounce',
      permanent: b.bounceType !== 'Transient',
      detail: b.bounceSubType ? `${b.bounceType}/${b.bounceSubType}` : b.bounceType,
      recipients: b.bouncedRecipients.map((r) => r.emailAddress),
      feedbackId: b.feedbackId,
      at: b.timestamp,
      ...about,
    };
  }
  const c = detail.complaint;
  return {
    kind: 'complaint',
    permanent: true,
    detail: c.complaintFeedbackType ?? 'complaint',
    recipients: c.complainedRecipients.map((r) => r.emailAddress),
    feedbackId: c.feedbackId,
    at: c.timestamp,
    ...about,
  };
}
