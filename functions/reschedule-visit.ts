/**
 * GET /visits/{id}/reschedule (the form) and POST /visits/{id}/reschedule (new dates and why): the requester,
 * before the visit starts. The open wait is answered `rescheduled`; the agenda is drafted again and goes to the
 * chain's first step. Once per idempotency key.
 */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { CHANGERS, changeInput, onceForKey, visitToChange } from '#commons/changes.ts';
import { readPost } from '#commons/csrf.ts';
import { submitForm } from '#commons/forms.ts';
import { json, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { rescheduleVisit } from '#domain/actions/reschedule-visit.ts';
import { assertChangeable, assertMayChange } from '#domain/actions/visit-changes.ts';
import type { Identity } from '#domain/directory/users.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import type { RequestResult } from '#domain/ports.ts';
import { reschedulePage } from '#templates/pages/visit-changes.ts';

const deps = () => ({ store: visitStore(), workflow: workflow(), clock: appClock });

/** The reschedule, made once per key: 200 with the visit's id and its status as it is now. */
async function reschedule(
  event: Parameters<typeof onceForKey>[0],
  visitId: string,
  body: Record<string, unknown>,
  user: Identity,
): Promise<RequestResult> {
  return onceForKey(event, body, { visitId, actor: user.email, change: 'reschedule' }, async () => {
    await rescheduleVisit(deps(), visitId, changeInput(body), user);
    const now = await loadVisit(visitStore(), visitId);
    return { statusCode: 200, body: { id: now.id, status: now.status } };
  });
}

export const handler = http('rescheduleVisit', {
  'GET /visits/{id}/reschedule': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      assertMayChange(visit, req.user, 'reschedule');
      assertChangeable(visit, appClock.now());
      const { startDate, endDate } = visit.request;
      return req.answer(200, { id: visit.id, status: visit.status, startDate, endDate }, () =>
        reschedulePage(req.viewer, visit, { lang: req.lang, values: { startDate, endDate }, errors: {} }),
      );
    },
  },

  'POST /visits/{id}/reschedule': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      if (req.wantsJson) {
        const result = await reschedule(req.event, visit.id, readPost(req.event), req.user);
        logger.info('visit rescheduled');
        return json(result.statusCode, result.body);
      }
      const outcome = await submitForm(
        req.event,
        {
          rows: {},
          dates: ['startDate', 'endDate'],
          render: (values, errors) => reschedulePage(req.viewer, visit, { lang: req.lang, values, errors }),
        },
        (input) => reschedule(req.event, visit.id, input, req.user),
      );
      if ('page' in outcome) return outcome.page;
      logger.info('visit rescheduled');
      return redirect(`/visits/${encodeURIComponent(visit.id)}`);
    },
  },
});
