/**
 * AwaitMinutes' callback task: records the task token and asks the host secretary, with reminders, to record the
 * minutes through the signed-in form. No link and no document, so no link key and no documents bucket.
 */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { awaitMinutes } from '#domain/steps/await-minutes.ts';
import type { WaitInput } from '#domain/steps/waiting.ts';
import { noticeComposer } from '#templates/mail.ts';

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const publicUrl = requirePublicUrl();
const compose = noticeComposer(publicUrl);

export const handler = task('AwaitMinutes', async (input: WaitInput) => {
  await awaitMinutes(
    {
      store: visitStore(),
      directory: directory(),
      clock: appClock,
      mailer: mailer(),
      compose,
      publicUrl,
    },
    input,
  );
  return { visitId: input.visitId };
});
