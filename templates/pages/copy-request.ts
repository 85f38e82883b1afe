/**
 * A request that ended without a visit (expired or rejected) copied into a new one: the visit page's button opens
 * the request form (GET /visits/new?from=<id>) with its values, the dates left for the person to choose again.
 */
import type { Visit, VisitRequest } from '#domain/visit.ts';
import { t, type Viewer } from './layout.ts';
import { newRequestValues, requestValues } from './request-form.ts';

/** The statuses whose request may be copied into a new one. */
const COPIED_FROM = new Set<Visit['status']>(['EXPIRED', 'REJECTED']);

/** Whether the viewer may start a new request from this visit: staff of the agency that sent it. */
export function mayCopy(user: Viewer['user'], visit: Pick<Visit, 'request'>): boolean {
  return Boolean(user?.roles.includes('staff') && user.agencyId === visit.request.visitingAgencyId);
}

/** The visit page's button, for an expired or rejected request the viewer's agency sent. */
export function copyRequestButton(viewer: Viewer, visit: Visit): string {
  if (!COPIED_FROM.has(visit.status) || !mayCopy(viewer.user, visit)) return '';
  return `<p><a class="button secondary" href="/visits/new?from=${encodeURIComponent(visit.id)}">${t(
    viewer.lang,
    'Sao chép thành đề nghị mới',
    'Copy into a new request',
  )}</a></p>`;
}

/** The new form's values from an old request: everything typed, a new submission key, no dates. */
export function copiedRequestValues(
  request: VisitRequest,
  user: { name: string; email: string; agencyId: string },
): Record<string, unknown> {
  const values = requestValues(request);
  return {
    ...values,
    _key: newRequestValues(user)._key,
    visitingAgencyId: user.agencyId,
    startDate: '',
    endDate: '',
    agenda: request.agenda.map((a) => ({ ...a, date: '' })),
  };
}
