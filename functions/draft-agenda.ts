/** DraftAgenda task: the agenda DOCX version n, stored and recorded; returns the first approval wait. */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { task } from '#commons/task.ts';
import { draftAgenda } from '#domain/steps/draft-agenda.ts';
import { buildAgenda } from '#templates/agenda.ts';
import { TEMPLATE_VERSION } from '#templates/doc-format.ts';

export const handler = task('DraftAgenda', (input: { visitId: string }) =>
  draftAgenda(
    { store: visitStore(), documents: documentStore(), clock: appClock },
    input.visitId,
    buildAgenda,
    TEMPLATE_VERSION,
  ),
);
