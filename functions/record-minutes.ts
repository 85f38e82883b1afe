/** GET/POST /visits/{id}/minutes: the host agency's secretary records the minutes after the visit. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, parseBody, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pathParam } from '#commons/routes.ts';
import { appClock } from '#domain/clock.ts';
import { ForbiddenError } from '#domain/errors.ts';
import { loadVisit, recordMinutes } from '#domain/lifecycle.ts';

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(httpErrors({ report: (error) => logger.error('minutes failed', { error: error as Error }) }))
  .use(requireUser({ roles: ['secretary'] }))
  .handler(async (event, context) => {
    const store = visitStore();
    const visit = await loadVisit(store, pathParam(event, 'id'));
    if (visit.request.hostAgencyId !== context.user.agencyId) throw new ForbiddenError();
    logger.appendKeys({ visitId: visit.id });
    if (event.requestContext.http.method === 'GET') {
      return json(200, {
        visitId: visit.id,
        status: visit.status,
        request: visit.request,
        minutes: visit.minutes ?? null,
      });
    }
    const stored = await recordMinutes(
      { store, workflow: workflow(), clock: appClock },
      visit.id,
      parseBody(event),
      context.user,
    );
    return wantsJson(event)
      ? json(201, { id: stored.id, status: stored.status })
      : redirect(`/visits/${stored.id}`);
  });
