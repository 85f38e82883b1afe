/**
 * MarkFailed: a step failed after its retries. The visit goes to FAILED with the reason, recorded and told to the
 * requester, so no visit is ever silently stuck; a finished visit stays as it is.
 */
import { type Deps, moveTo, notice, requester, SYSTEM } from '#domain/lifecycle.ts';
import { isFinal } from '#domain/visit.ts';

export async function markFailed(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'directory'>,
  input: { visitId: string; error?: { Error?: string; Cause?: string } },
): Promise<{ visitId: string }> {
  const visit = await deps.store.getVisit(input.visitId);
  if (!visit || isFinal(visit.status)) return { visitId: input.visitId };
  const reason = `${input.error?.Error ?? 'Error'}: ${String(input.error?.Cause ?? '').slice(0, 300)}`;
  const failed = await moveTo(deps.store, visit, 'FAILED', { failureReason: reason }, deps.clock.now());
  await deps.store.appendEvent(visit.id, { type: 'FAILED', actor: SYSTEM, data: { reason } });
  await notice(deps, 'failed', failed, [requester(failed)], { comment: reason });
  return { visitId: visit.id };
}
