/** GET/POST /visits/{id}/minutes: the host agency's secretary records the minutes after the visit. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import {
  MINUTES_ROWS,
  minutesFromForm,
  pageErrors,
  readPost,
  sendPage,
  submitForm,
  viewerOf,
} from '#commons/pages.ts';
import { pathParam } from '#commons/routes.ts';
import { recordMinutes } from '#domain/actions/record-minutes.ts';
import { ForbiddenError } from '#domain/errors.ts';
import { agenciesOf, loadVisit } from '#domain/lifecycle.ts';
import { minutesClosed, minutesForm, minutesValues } from '#templates/pages/minutes-form.ts';

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(
    httpErrors({
      report: (error) => logger.error('minutes failed', { error: error as Error }),
      page: pageErrors,
    }),
  )
  .use(requireUser({ roles: ['secretary'] }))
  .handler(async (event, context) => {
    const store = visitStore();
    const visit = await loadVisit(store, pathParam(event, 'id'));
    if (visit.request.hostAgencyId !== context.user.agencyId) throw new ForbiddenError();
    logger.appendKeys({ visitId: visit.id });
    const browser = !wantsJson(event);
    const deps = { store, workflow: workflow(), clock: appClock };
    if (browser) {
      const viewer = viewerOf(event, context.user);
      const { host } = agenciesOf(visit);
      const sentBack = (await store.listApprovals(visit.id))
        .filter((a) => a.kind === 'minutes' && a.decision === 'changes')
        .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
        .pop()?.comment;
      const form = (values: Record<string, unknown>, errors: Record<string, string>) =>
        minutesForm({
          viewer,
          visit,
          host,
          state: { lang: viewer.lang, values, errors },
          ...(sentBack ? { comment: sentBack } : {}),
        });
      if (event.requestContext.http.method === 'GET') {
        if (visit.status !== 'AWAITING_MINUTES') return sendPage(event, 200, minutesClosed(viewer, visit));
        return sendPage(event, 200, form(minutesValues(visit, host, context.user), {}));
      }
      const outcome = await submitForm(
        event,
        { rows: MINUTES_ROWS, render: form, adapt: (values) => minutesFromForm(values, host) },
        (input) => recordMinutes(deps, visit.id, input, context.user),
      );
      if ('page' in outcome) return outcome.page;
      return redirect(`/visits/${outcome.done.id}`);
    }
    if (event.requestContext.http.method === 'GET') {
      return json(200, {
        visitId: visit.id,
        status: visit.status,
        request: visit.request,
        minutes: visit.minutes ?? null,
      });
    }
    const stored = await recordMinutes(deps, visit.id, readPost(event), context.user);
    return json(201, { id: stored.id, status: stored.status });
  });
