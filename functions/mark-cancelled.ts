/**
 * MarkCancelled task: the lifecycle's Cancelled end. What the cancel left open is closed, and everyone who had
 * mail about the visit is told (with the invitation's cancellation where it went out).
 */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { markCancelled } from '#domain/steps/mark-cancelled.ts';
import { composeNotice } from '#templates/mail.ts';

export const handler = task(
  'MarkCancelled',
  (input: { visitId: string; error?: { Error?: string; Cause?: string } }) =>
    markCancelled(
      {
        store: visitStore(),
        directory: directory(),
        clock: appClock,
        mailer: mailer(),
        compose: composeNotice,
      },
      input,
    ),
);
