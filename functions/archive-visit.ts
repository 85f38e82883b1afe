/**
 * ArchiveVisit task: final minutes and approved agenda copied write-once to the archive, with a manifest; the
 * minutes' actions become items, and their owners get their links.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePositiveInteger, requirePublicUrl } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { archiveStore, documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { directoryPeople } from '#domain/people.ts';
import { archiveVisit } from '#domain/steps/archive-visit.ts';
import { ENV } from '#functions/manifest.ts';
import { noticeComposer } from '#templates/mail.ts';

const retentionDays = requirePositiveInteger(ENV.archiveRetentionDays);
const publicUrl = requirePublicUrl();
const compose = noticeComposer(publicUrl);

export const handler = task('ArchiveVisit', (input: { visitId: string }) =>
  archiveVisit(
    {
      store: visitStore(),
      directory: directory(),
      clock: appClock,
      documents: documentStore(),
      archive: archiveStore(),
      mailer: mailer(),
      compose,
      retentionDays,
      actions: actionStore(),
      links: linkKeys(),
      publicUrl,
      people: directoryPeople(directory(), appClock),
    },
    input.visitId,
  ),
);
