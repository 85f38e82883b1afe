/** MarkFailed task: a step failed after its retries; record FAILED with the reason and tell the requester. */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { markFailed } from '#domain/steps/mark-failed.ts';
import { noticeComposer } from '#templates/mail.ts';

const compose = noticeComposer(requirePublicUrl());

export const handler = task(
  'MarkFailed',
  (input: { visitId: string; error?: { Error?: string; Cause?: string } }) =>
    markFailed(
      {
        store: visitStore(),
        directory: directory(),
        clock: appClock,
        mailer: mailer(),
        compose,
      },
      input,
    ),
);
