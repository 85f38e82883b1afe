/** Decide task: turns a decision or a timeout into the visit's next status and the workflow's next step. */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requireEnv } from '#adapters/env.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import type { CallbackResult } from '#domain/lifecycle.ts';
import type { Wait } from '#domain/policy.ts';
import { decide } from '#domain/steps/decide.ts';
import { ENV } from '#functions/manifest.ts';
import { noticeComposer } from '#templates/mail.ts';

const compose = noticeComposer(requireEnv(ENV.publicUrl));

export const handler = task(
  'Decide',
  (input: { visitId: string; wait: Wait; decision?: CallbackResult; timeout?: unknown }) =>
    decide(
      {
        store: visitStore(),
        directory: directory(),
        clock: appClock,
        mailer: mailer(),
        compose,
        documents: documentStore(),
      },
      input,
    ),
);
