/** GET/POST /visits/{id}/revise/{token}: the requester revises the request after "changes" (link in email). */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { type FormView, REQUEST_DATES, REQUEST_ROWS, submitForm } from '#commons/forms.ts';
import { json, parseBody } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { reviseVisit } from '#domain/actions/revise-visit.ts';
import { assertOpen, latestChangesAsked, resolveLink } from '#domain/approvals.ts';
import { LinkNotFoundError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import { latestStart } from '#domain/policy.ts';
import type { Approval } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { visitAgencies } from '#templates/pages/labels.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { requestForm, requestValues, revisionSent } from '#templates/pages/request-form.ts';

interface Revision {
  token: string;
  approval: Approval;
  visit: Visit;
  /** the approver's decision that asked for the changes */
  asked?: Approval | undefined;
}

/** The open revision link of the path: it must be the link of the visit the path names. */
async function revisionOf(params: { id: string; token: string }): Promise<Revision> {
  const store = visitStore();
  const approval = await resolveLink({ store, links: linkKeys() }, params.token, ['revision']);
  if (approval.visitId !== params.id) throw new LinkNotFoundError();
  logger.appendKeys({ visitId: approval.visitId });
  assertOpen(approval, appClock);
  const visit = await loadVisit(store, approval.visitId);
  const asked = latestChangesAsked(await store.listApprovals(visit.id), 'agenda');
  return { token: params.token, approval, visit, asked };
}

/** The request form of the revision, with the approver's comment. */
function revisionForm(viewer: Viewer, { token, approval, visit, asked }: Revision) {
  return (values: Record<string, unknown>, errors: Record<string, string>, view?: FormView) =>
    requestForm({
      viewer: { ...viewer, lang: view?.lang ?? viewer.lang },
      agencies: visitAgencies(visit),
      state: { lang: view?.lang ?? viewer.lang, values, errors },
      latestStart: latestStart(new Date(visit.createdAt)),
      revision: {
        visitId: visit.id,
        token,
        comment: asked?.comment ?? '',
        expiresAt: approval.expiresAt,
        ...(asked
          ? { approver: `${asked.person.name}${asked.person.position ? `, ${asked.person.position}` : ''}` }
          : {}),
      },
    });
}

const deps = () => ({ store: visitStore(), workflow: workflow(), clock: appClock });

export const handler = http('reviseVisit', {
  'GET /visits/{id}/revise/{token}': async (req) => {
    const revision = await revisionOf(req.params);
    const { visit, approval, asked } = revision;
    return req.answer(
      200,
      {
        visitId: visit.id,
        status: visit.status,
        request: visit.request,
        comment: asked?.comment ?? '',
        expiresAt: approval.expiresAt,
      },
      () => revisionForm(req.viewer, revision)(requestValues(visit.request), {}),
    );
  },

  'POST /visits/{id}/revise/{token}': async (req) => {
    const revision = await revisionOf(req.params);
    if (req.wantsJson) {
      const revised = await reviseVisit(deps(), revision.approval, parseBody(req.event));
      return json(200, { visitId: revised.id, decision: 'revised' });
    }
    const outcome = await submitForm(
      req.event,
      { rows: REQUEST_ROWS, dates: REQUEST_DATES, csrf: false, render: revisionForm(req.viewer, revision) },
      (input) => reviseVisit(deps(), revision.approval, input),
    );
    if ('page' in outcome) return outcome.page;
    const { id, request } = outcome.done;
    return req.page(
      revisionSent(req.viewer, {
        id,
        title: request.title,
        startDate: request.startDate,
        endDate: request.endDate,
      }),
    );
  },
});
