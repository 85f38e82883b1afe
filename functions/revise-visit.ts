/** GET/POST /visits/{id}/revise/{token}: the requester revises the request after "changes" (link in email). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, parseBody, type Result } from '#commons/http.ts';
import { wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pageErrors, REQUEST_ROWS, sendPage, submitForm, viewerOf } from '#commons/pages.ts';
import { pathParam } from '#commons/routes.ts';
import { reviseVisit } from '#domain/actions/revise-visit.ts';
import { listAgencies } from '#domain/agencies.ts';
import { assertOpen, resolveLink } from '#domain/approvals.ts';
import { LinkNotFoundError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import { requestForm, requestValues, revisionSent } from '#templates/pages/request-form.ts';

export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(
    httpErrors({
      report: (error) => logger.error('revision failed', { error: error as Error }),
      page: pageErrors,
    }),
  )
  .handler(async (event) => {
    const store = visitStore();
    const token = pathParam(event, 'token');
    const approval = await resolveLink({ store, links: linkKeys() }, token, ['revision']);
    if (approval.visitId !== pathParam(event, 'id')) throw new LinkNotFoundError();
    logger.appendKeys({ visitId: approval.visitId });
    const browser = !wantsJson(event);
    const deps = { store, workflow: workflow(), clock: appClock };
    assertOpen(approval, appClock);
    const visit = await loadVisit(store, approval.visitId);
    const asked = (await store.listApprovals(visit.id))
      .filter((a) => a.kind === 'agenda' && a.decision === 'changes')
      .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
      .pop();
    const viewer = viewerOf(event);
    const form = (values: Record<string, unknown>, errors: Record<string, string>) =>
      requestForm({
        viewer,
        agencies: listAgencies(),
        state: { lang: viewer.lang, values, errors },
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
    if (event.requestContext.http.method === 'POST') {
      if (browser) {
        const outcome = await submitForm(event, { rows: REQUEST_ROWS, csrf: false, render: form }, (input) =>
          reviseVisit(deps, approval, input),
        );
        if ('page' in outcome) return outcome.page;
        const r = outcome.done.request;
        return sendPage(
          event,
          200,
          revisionSent(viewer, { id: visit.id, title: r.title, startDate: r.startDate, endDate: r.endDate }),
        );
      }
      const revised = await reviseVisit(deps, approval, parseBody(event));
      return json(200, { visitId: revised.id, decision: 'revised' });
    }
    if (browser) return sendPage(event, 200, form(requestValues(visit.request), {}));
    return json(200, {
      visitId: visit.id,
      status: visit.status,
      request: visit.request,
      comment: asked?.comment ?? '',
      expiresAt: approval.expiresAt,
    });
  });
