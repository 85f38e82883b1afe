/** GET /visits/new (the form) and POST /visits (submit a request): staff of the visiting agency. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pageErrors, REQUEST_ROWS, readPost, sendPage, submitForm, viewerOf } from '#commons/pages.ts';
import { submitVisit } from '#domain/actions/submit-visit.ts';
import { listAgencies } from '#domain/agencies.ts';
import { newRequestValues, requestForm } from '#templates/pages/request-form.ts';

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(
    httpErrors({
      report: (error) => logger.error('submit failed', { error: error as Error }),
      page: pageErrors,
    }),
  )
  .use(requireUser({ roles: ['staff'] }))
  .handler(async (event, context) => {
    const { user } = context;
    const viewer = viewerOf(event, user);
    const form = (values: Record<string, unknown>, errors: Record<string, string>) =>
      requestForm({ viewer, agencies: listAgencies(), state: { lang: viewer.lang, values, errors } });
    if (event.requestContext.http.method === 'GET') {
      if (!wantsJson(event)) return sendPage(event, 200, form(newRequestValues(user), {}));
      return json(200, {
        agencies: listAgencies().map((a) => ({ id: a.id, name: a.name, province: a.province })),
      });
    }
    const deps = { store: visitStore(), workflow: workflow(), clock: appClock };
    if (!wantsJson(event)) {
      // the form carries a key made when it was first shown: posting it twice submits one visit
      const outcome = await submitForm(event, { rows: REQUEST_ROWS, render: form }, (input) =>
        submitVisit(deps, input, user, typeof input._key === 'string' && input._key ? input._key : undefined),
      );
      if ('page' in outcome) return outcome.page;
      logger.info('visit submitted', { visitId: outcome.done.id });
      return redirect(`/visits/${outcome.done.id}`);
    }
    const visit = await submitVisit(deps, readPost(event), user, event.headers['idempotency-key']);
    logger.info('visit submitted', { visitId: visit.id });
    return json(201, { id: visit.id, status: visit.status });
  });
