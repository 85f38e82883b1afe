/** GET /visits/new (the form) and POST /visits (submit a request): staff of the visiting agency. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, parseBody, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { listAgencies } from '#domain/agencies.ts';
import { appClock } from '#domain/clock.ts';
import { submitVisit } from '#domain/lifecycle.ts';

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(httpErrors({ report: (error) => logger.error('submit failed', { error: error as Error }) }))
  .use(requireUser({ roles: ['staff'] }))
  .handler(async (event, context) => {
    if (event.requestContext.http.method === 'GET') {
      return json(200, {
        agencies: listAgencies().map((a) => ({ id: a.id, name: a.name, province: a.province })),
      });
    }
    const visit = await submitVisit(
      { store: visitStore(), workflow: workflow(), clock: appClock },
      parseBody(event),
      context.user,
    );
    logger.info('visit submitted', { visitId: visit.id });
    return wantsJson(event)
      ? json(201, { id: visit.id, status: visit.status })
      : redirect(`/visits/${visit.id}`);
  });
