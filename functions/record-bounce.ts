/**
 * The bounce function: SES's bounce and complaint events for the stage's configuration set, delivered by
 * EventBridge (asynchronously: a failure is retried, then lands in the function's dead-letter queue, which an alarm
 * watches). Each is recorded on its visit, the address marked, and the people who must act told
 * (`#domain/mail-bounces.ts`). Logs carry counts, never an address; the keys go with the invocation.
 */
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { mailFeedbackOf } from '#adapters/ses-events.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { event } from '#commons/event.ts';
import { logger } from '#commons/logger.ts';
import { recordMailFeedback } from '#domain/mail-bounces.ts';
import { composeBounceNotice } from '#templates/mail-bounce.ts';

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const publicUrl = requirePublicUrl();

export const handler = event('RecordBounce', async (input: unknown) => {
  const feedback = mailFeedbackOf(input);
  logger.appendKeys({ visitId: feedback.visitId ?? 'none', feedbackId: feedback.feedbackId });
  const outcome = await recordMailFeedback(
    {
      store: visitStore(),
      mailer: mailer(),
      directory: directory(),
      bounced: directory(),
      compose: composeBounceNotice,
      publicUrl,
    },
    feedback,
  );
  return {
    kind: feedback.kind,
    permanent: feedback.permanent,
    recipients: feedback.recipients.length,
    recorded: outcome.recorded.length,
    told: outcome.told.length,
  };
});
