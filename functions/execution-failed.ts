/**
 * ExecutionFailed, on the lifecycle's "Step Functions Execution Status Change" events for an execution that ended
 * FAILED, TIMED_OUT or ABORTED (an operator's abort, Step Functions' one-year limit, a failure no Catch took): the
 * visit the execution is named after goes to FAILED with the reason and the requester is told. A visit that ended
 * already (archived, rejected, expired, failed by MarkFailed, or cancelled: a cancel is a failure sent to the wait,
 * never an abort) is left as it is.
 */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { event } from '#commons/event.ts';
import { logger } from '#commons/logger.ts';
import { VISIT_ID } from '#domain/ids.ts';
import { markFailed } from '#domain/steps/mark-failed.ts';
import { noticeComposer } from '#templates/mail.ts';

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const compose = noticeComposer(requirePublicUrl());

/** The part of the event this reads (EventBridge's `detail` of a Step Functions execution status change). */
export interface ExecutionStatusChange {
  detail?: { name?: unknown; status?: unknown; error?: unknown; cause?: unknown };
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export const handler = event('ExecutionFailed', async (change: ExecutionStatusChange) => {
  const visitId = text(change.detail?.name);
  const status = text(change.detail?.status) ?? 'ENDED';
  if (!visitId || !VISIT_ID.test(visitId)) {
    logger.warn('an execution named after no visit ended', { status });
    return { visitId: undefined };
  }
  logger.appendKeys({ visitId });
  const why = [text(change.detail?.error), text(change.detail?.cause)].filter(Boolean).join(': ');
  return markFailed(
    {
      store: visitStore(),
      directory: directory(),
      clock: appClock,
      mailer: mailer(),
      compose,
    },
    { visitId, error: { Error: `Execution ${status}`, Cause: why || 'the execution ended without a cause' } },
  );
});
