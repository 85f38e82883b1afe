/**
 * The bounce function: SES's bounce and complaint events for the stage's configuration set, delivered by
 * EventBridge (asynchronously: a failure is retried, then lands in the function's dead-letter queue, which an alarm
 * watches). Each is recorded on its visit, the address marked, and the people who must act told
 * (`#domain/mail-bounces.ts`). Logs carry counts, never an address.
 */
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requireEnv } from '#adapters/env.ts';
import { mailFeedbackOf } from '#adapters/ses-events.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { logger } from '#commons/logger.ts';
import { recordMailFeedback } from '#domain/mail-bounces.ts';
import { ENV } from '#functions/manifest.ts';
import { composeBounceNotice } from '#templates/mail-bounce.ts';

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const publicUrl = requireEnv(ENV.publicUrl).replace(/\/$/, '');

export const handler = async (event: unknown): Promise<void> => {
  const feedback = mailFeedbackOf(event);
  logger.appendKeys({ visitId: feedback.visitId ?? 'none', feedbackId: feedback.feedbackId });
  try {
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
    logger.info('mail feedback recorded', {
      kind: feedback.kind,
      permanent: feedback.permanent,
      recipients: feedback.recipients.length,
      recorded: outcome.recorded.length,
      told: outcome.told.length,
    });
  } catch (error) {
    logger.error('mail feedback failed', { error: error as Error });
    throw error;
  } finally {
    logger.removeKeys(['visitId', 'feedbackId']);
  }
};
