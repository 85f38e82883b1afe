/** DraftMinutes task: the minutes DOCX from what the secretary recorded; returns the chair's sign-off wait. */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { task } from '#commons/task.ts';
import { draftMinutes } from '#domain/steps/draft-minutes.ts';
import { TEMPLATE_VERSION } from '#templates/doc-format.ts';
import { buildMinutes } from '#templates/minutes.ts';

export const handler = task('DraftMinutes', (input: { visitId: string }) =>
  draftMinutes(
    { store: visitStore(), documents: documentStore(), clock: appClock },
    input.visitId,
    buildMinutes,
    TEMPLATE_VERSION,
  ),
);
