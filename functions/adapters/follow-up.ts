/**
 * The ports the follow-up of action items runs on (domain/follow-up), on their adapters, made once per process: the
 * visits, the items and the directory on the table, the clock, the mail and its notices, the link keys and the site's address.
 */
import type { FollowUpDeps } from '#domain/follow-up/turns.ts';
import { noticeComposer } from '#templates/mail.ts';
import { appClock } from './clock.ts';
import { actionStore } from './dynamodb-action-store.ts';
import { directory } from './dynamodb-directory.ts';
import { visitStore } from './dynamodb-visit-store.ts';
import { lazy, requirePublicUrl } from './env.ts';
import { linkKeys } from './link-keys.ts';
import { mailer } from './ses-mailer.ts';

export const followUpDeps = lazy(
  (): FollowUpDeps => ({
    store: visitStore(),
    directory: directory(),
    actions: actionStore(),
    clock: appClock,
    mailer: mailer(),
    compose: noticeComposer(requirePublicUrl()),
    links: linkKeys(),
    publicUrl: requirePublicUrl(),
  }),
);
