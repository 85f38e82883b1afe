/**
 * The callback task of AwaitDecision and AwaitMinutes: records the task token on the approval (only in DynamoDB),
 * moves the visit to its waiting status and mails the link (or, for the minutes, the form); the execution then
 * waits for the person or the timeout. The link key and the documents are reached only by waits that need them,
 * so AwaitMinutes runs the same code with less access.
 */
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requireEnv } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { appClock } from '#domain/clock.ts';
import { type Deps, requestDecision } from '#domain/lifecycle.ts';
import type { Wait } from '#domain/policy.ts';
import { ENV } from '#functions/manifest.ts';
import { composeNotice } from '#templates/mail.ts';

const publicUrl = requireEnv(ENV.publicUrl).replace(/\/$/, '');

const deps: Parameters<typeof requestDecision>[0] = {
  clock: appClock,
  compose: composeNotice,
  get store(): Deps['store'] {
    return visitStore();
  },
  get mailer(): Deps['mailer'] {
    return mailer();
  },
  get documents(): Deps['documents'] {
    return documentStore();
  },
  get links(): Deps['links'] {
    return linkKeys();
  },
  publicUrl,
};

export const handler = task(
  'AwaitDecision',
  async (input: { visitId: string; wait: Wait; taskToken: string }) => {
    await requestDecision(deps, input);
    return { visitId: input.visitId };
  },
);
