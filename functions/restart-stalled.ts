/**
 * RestartStalled, every few minutes: starts the execution of each visit its submitting request left SUBMITTED
 * without one (the function died between storing the visit and StartExecution), once no request can still be
 * starting it. A visit whose execution does exist is left as it is (a start is idempotent by name).
 */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { event } from '#commons/event.ts';
import { sweepStalled } from '#domain/actions/submit-visit.ts';

export const handler = event('RestartStalled', async () => {
  const started = await sweepStalled({ store: visitStore(), workflow: workflow(), clock: appClock });
  return { started };
});
