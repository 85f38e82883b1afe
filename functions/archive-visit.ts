/** ArchiveVisit task: final minutes and approved agenda copied write-once to the archive, with a manifest. */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requireEnv, requirePositiveInteger } from '#adapters/env.ts';
import { archiveStore, documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { task } from '#commons/task.ts';
import { archiveVisit } from '#domain/steps/archive-visit.ts';
import { ENV } from '#functions/manifest.ts';
import { noticeComposer } from '#templates/mail.ts';

const compose = noticeComposer(requireEnv(ENV.publicUrl));

const retentionDays = requirePositiveInteger(ENV.archiveRetentionDays);

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
    },
    input.visitId,
  ),
);
