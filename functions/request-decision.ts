/**
 * AwaitDecision's callback task: records the task token on the approval (only in DynamoDB), moves the visit to its
 * waiting status and mails the link; the execution then waits for the person's decision or the timeout.
 */
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requireEnv } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { appClock } from '#domain/clock.ts';
import { requestDecision } from '#domain/lifecycle.ts';
import type { Wait } from '#domain/policy.ts';
import { ENV } from '#functions/manifest.ts';
import { composeNotice } from '#templates/mail.ts';

export const handler = task('AwaitDecision', (input: { visitId: string; wait: Wait; taskToken: string }) =>
  requestDecision(
    {
      store: visitStore(),
      clock: appClock,
      mailer: mailer(),
      compose: composeNotice,
      documents: documentStore(),
      links: linkKeys(),
      publicUrl: requireEnv(ENV.publicUrl).replace(/\/$/, ''),
    },
    input,
  ).then(() => ({ visitId: input.visitId })),
);
