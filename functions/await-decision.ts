/**
 * AwaitDecision's callback task: records the task token on the approval (only in DynamoDB), moves the visit to its
 * waiting status and mails the link with the document to decide on; the execution then waits for the person or
 * the timeout.
 */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { awaitDecision } from '#domain/steps/await-decision.ts';
import type { WaitInput } from '#domain/steps/waiting.ts';
import { noticeComposer } from '#templates/mail.ts';

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const publicUrl = requirePublicUrl();
const compose = noticeComposer(publicUrl);

export const handler = task('AwaitDecision', async (input: WaitInput) => {
  await awaitDecision(
    {
      store: visitStore(),
      directory: directory(),
      clock: appClock,
      mailer: mailer(),
      compose,
      documents: documentStore(),
      links: linkKeys(),
      publicUrl,
    },
    input,
  );
  return { visitId: input.visitId };
});
