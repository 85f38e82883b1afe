/**
 * The reminder sweep, on a schedule (the manifest's `everyMinutes`): every action item whose turn has come gets its
 * mail (its link, a reminder before, on or after its due date, its reopening), once.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { logger } from '#commons/logger.ts';
import { scheduled } from '#commons/schedule.ts';
import { sweepReminders } from '#domain/follow-up/sweep.ts';
import { composeNotice } from '#templates/mail.ts';

const publicUrl = requirePublicUrl();

export const handler = scheduled('SendActionReminders', (run) =>
  sweepReminders(
    {
      store: visitStore(),
      actions: actionStore(),
      clock: appClock,
      mailer: mailer(),
      compose: composeNotice,
      links: linkKeys(),
      publicUrl,
    },
    {
      timeLeft: run.timeLeft,
      onFailure: (item, error) =>
        logger.error('turn failed', { visitId: item.visitId, actionId: item.id, error: error as Error }),
    },
  ),
);
