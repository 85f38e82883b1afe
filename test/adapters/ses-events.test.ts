/** SES's bounce and complaint events, as EventBridge delivers them, read into the domain's MailFeedback. */
import { describe, expect, it } from 'vitest';
import { mailFeedbackOf } from '#adapters/ses-events.ts';
import { sesBounceEvent, sesComplaintEvent } from '../support/ses-events.ts';

const VISIT = '20300801-7K3QX9M2PA';

function withoutRecipients(): unknown {
  const event = structuredClone(sesBounceEvent({ recipient: 'a@b.vn' })) as unknown as {
    detail: { bounce: Record<string, unknown> };
  };
  delete event.detail.bounce.bouncedRecipients;
  return event;
}

describe('an SES feedback event', () => {
  it('of a permanent bounce names the visit, the notice, the recipient and the report', () => {
    const event = sesBounceEvent({
      recipient: 'sang.nh@example.gov.vn',
      visitId: VISIT,
      notice: 'approvalRequest',
      messageId: 'm-1',
      feedbackId: 'f-1',
      at: '2030-08-01T02:00:00.000Z',
    });

    expect(mailFeedbackOf(event)).toEqual({
      kind: 'bounce',
      permanent: true,
      detail: 'Permanent/General',
      recipients: ['sang.nh@example.gov.vn'],
      messageId: 'm-1',
      feedbackId: 'f-1',
      at: '2030-08-01T02:00:00.000Z',
      visitId: VISIT,
      notice: 'approvalRequest',
    });
  });

  it('of a transient bounce is not permanent', () => {
    const event = sesBounceEvent({
      recipient: 'a@example.gov.vn',
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
    });

    expect(mailFeedbackOf(event)).toMatchObject({ permanent: false, detail: 'Transient/MailboxFull' });
  });

  it('of a complaint is permanent, with its feedback type', () => {
    const event = sesComplaintEvent({ recipient: 'a@example.gov.vn', visitId: VISIT, notice: 'approved' });

    expect(mailFeedbackOf(event)).toMatchObject({
      kind: 'complaint',
      permanent: true,
      detail: 'abuse',
      visitId: VISIT,
    });
  });

  it('of a mail sent with no tags (the user pool mails) names no visit', () => {
    const feedback = mailFeedbackOf(sesBounceEvent({ recipient: 'new.user@example.gov.vn' }));

    expect(feedback.visitId).toBeUndefined();
    expect(feedback.notice).toBeUndefined();
  });

  it.each([
    ['another source', { ...sesBounceEvent({ recipient: 'a@b.vn' }), source: 'aws.s3' }],
    [
      'a delivery, not a bounce',
      { ...sesBounceEvent({ recipient: 'a@b.vn' }), 'detail-type': 'Email Delivered' },
    ],
    ['a bounce without recipients', withoutRecipients()],
  ])('is refused when it is %s', (_what, event) => {
    expect(() => mailFeedbackOf(event)).toThrow();
  });
});
