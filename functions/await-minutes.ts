/**
 * AwaitMinutes' callback task: records the task token on the visit's minutes wait and asks the host secretary
 * (with reminders) to record the minutes through the signed-in form.
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

export const handler = task('AwaitMinutes', (input: { visitId: string; wait: Wait; taskToken: string }) =>
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
