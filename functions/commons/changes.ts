/**
 * What the entries that change a visit share (cancel, reschedule, reassign, resend): who may ask (the domain then
 * decides who may make which change), the visit of the path, and a change made once per idempotency key — the
 * `Idempotency-Key` header of a JSON request, or the key a change form carries from when it was shown — so that a
 * retry gets the first answer.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appClock } from '#adapters/clock.ts';
import { requestItems } from '#adapters/dynamodb/requests.ts';
import { VisitTable } from '#adapters/dynamodb/table.ts';
import { documentClient, visitStore } from '#adapters/dynamodb-visit-store.ts';
import { lazy, requireEnv } from '#adapters/env.ts';
import { once } from '#domain/actions/idempotent.ts';
import { ForbiddenError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import type { RequestResult } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { ENV } from '#functions/manifest.ts';
import type { Identity } from './identity.ts';

/** The idempotency keys of changes, on the table named by TABLE_NAME. */
const requestStore = lazy(() => requestItems(new VisitTable(documentClient(), requireEnv(ENV.table))));

/** The roles that may ask for a change: the requester (staff), and the agencies' admins. */
export const CHANGERS = ['staff', 'secretary', 'admin', 'directory-admin'] as const;

/** The visit of the path, when the user belongs to one of its agencies (or is a directory-admin). */
export async function visitToChange(id: string, user: Identity): Promise<Visit> {
  const visit = await loadVisit(visitStore(), id);
  const ours = [visit.request.hostAgencyId, visit.request.visitingAgencyId].includes(user.agencyId);
  if (!ours && !user.roles.includes('directory-admin')) throw new ForbiddenError();
  return visit;
}

/** The form's own fields (its idempotency key, its confirm button): not part of what the change asks. */
export function changeInput(body: Record<string, unknown>): Record<string, unknown> {
  const { _key: _k, confirm: _c, ...input } = body;
  return input;
}

/** The idempotency key of a change: the JSON request's header, or the form's hidden key. */
export function changeKey(event: APIGatewayProxyEventV2, body: Record<string, unknown>): string | undefined {
  const header = event.headers['idempotency-key'];
  if (header) return header;
  return typeof body._key === 'string' && body._key ? body._key : undefined;
}

/** Runs `run` once per key for this person, change and visit; a retry with the key gets the stored answer. */
export function onceForKey(
  event: APIGatewayProxyEventV2,
  body: Record<string, unknown>,
  keyed: { visitId: string; actor: string; change: string },
  run: () => Promise<RequestResult>,
): Promise<RequestResult> {
  const key = changeKey(event, body);
  return once(
    { requests: requestStore(), clock: appClock },
    { ...keyed, ...(key ? { key } : {}), request: changeInput(body) },
    run,
  );
}
