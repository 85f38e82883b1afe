/**
 * Changes made once per idempotency key (a reschedule, a reassignment, a resend; the `Idempotency-Key` header, or
 * the key a form carries from when it was shown), as a submission is (ids.ts): the same person sending the same key
 * for the same change gets the answer its first attempt got, without the change being made twice. The key is
 * claimed by a conditional write before the change runs; a refused change releases it (the same key may try
 * again); the same key with another request is refused.
 */
import { createHash } from 'node:crypto';
import { IdempotencyKeyError, MalformedRequestError } from '#domain/errors.ts';
import { canonicalJson } from '#domain/events.ts';
import { IDEMPOTENCY_KEY } from '#domain/ids.ts';
import type { Deps } from '#domain/lifecycle.ts';
import type { RequestResult, RequestStore } from '#domain/ports.ts';

/** How long a first attempt holds its key before a retry may take it over (longer than any request lives). */
export const KEY_LEASE_MS = 60_000;

export interface Keyed {
  visitId: string;
  /** who asks (an email) */
  actor: string;
  /** which change, e.g. "reassign agenda-1-0-approver" */
  change: string;
  /** the client's key; none: the change runs as it is */
  key?: string;
  /** what was asked (the body): a retry must ask the same */
  request: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function once(
  deps: Pick<Deps, 'clock'> & { requests: RequestStore },
  keyed: Keyed,
  run: () => Promise<RequestResult>,
): Promise<RequestResult> {
  if (keyed.key === undefined) return run();
  if (!IDEMPOTENCY_KEY.test(keyed.key))
    throw new MalformedRequestError({
      vi: 'Khóa chống gửi trùng không hợp lệ (8–100 ký tự chữ, số, - hoặc _)',
      en: 'The idempotency key is not valid (8–100 letters, digits, - or _)',
    });
  const now = deps.clock.now();
  const key = sha256(`${keyed.actor.toLowerCase()}\n${keyed.change}\n${keyed.key}`);
  const fingerprint = sha256(canonicalJson(keyed.request ?? {}));
  const held = await deps.requests.claimRequest({
    visitId: keyed.visitId,
    key,
    fingerprint,
    status: 'IN_PROGRESS',
    leaseUntil: new Date(now.getTime() + KEY_LEASE_MS).toISOString(),
    createdAt: now.toISOString(),
  });
  if (held) {
    if (held.fingerprint !== fingerprint)
      throw new IdempotencyKeyError({
        vi: 'Khóa chống gửi trùng này đã được dùng cho một yêu cầu khác',
        en: 'This idempotency key was used for another request',
      });
    if (held.status === 'DONE' && held.result) return held.result;
    throw new IdempotencyKeyError({
      vi: 'Yêu cầu với khóa này đang được xử lý; vui lòng thử lại sau giây lát',
      en: 'The request with this key is still being handled; try again in a moment',
    });
  }
  let result: RequestResult;
  try {
    result = await run();
  } catch (e) {
    await deps.requests.finishRequest(keyed.visitId, key, { released: true });
    throw e;
  }
  await deps.requests.finishRequest(keyed.visitId, key, { result });
  return result;
}
