/** GET/POST /visits/{id}/revise/{token}: the requester revises the request after "changes" (link in email). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, parseBody, type Result } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { pathParam } from '#commons/routes.ts';
import { assertOpen, resolveLink } from '#domain/approvals.ts';
import { appClock } from '#domain/clock.ts';
import { LinkNotFoundError } from '#domain/errors.ts';
import { loadVisit, reviseVisit } from '#domain/lifecycle.ts';

export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(httpErrors({ report: (error) => logger.error('revision failed', { error: error as Error }) }))
  .handler(async (event) => {
    const store = visitStore();
    const approval = await resolveLink({ store, links: linkKeys() }, pathParam(event, 'token'), ['revision']);
    if (approval.visitId !== pathParam(event, 'id')) throw new LinkNotFoundError();
    logger.appendKeys({ visitId: approval.visitId });
    if (event.requestContext.http.method === 'POST') {
      assertOpen(approval, appClock);
      const visit = await reviseVisit(
        { store, workflow: workflow(), clock: appClock },
        approval,
        parseBody(event),
      );
      return json(200, { visitId: visit.id, decision: 'revised' });
    }
    assertOpen(approval, appClock);
    const visit = await loadVisit(store, approval.visitId);
    const comment = (await store.listApprovals(visit.id))
      .filter((a) => a.kind === 'agenda' && a.decision === 'changes')
      .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
      .pop()?.comment;
    return json(200, {
      visitId: visit.id,
      status: visit.status,
      request: visit.request,
      comment: comment ?? '',
      expiresAt: approval.expiresAt,
    });
  });
