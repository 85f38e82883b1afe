/**
 * GET /visits/{id}/cancel (the confirmation step) and POST /visits/{id}/cancel (calls the visit off, with a reason,
 * before it starts): the requester, or an admin of either agency. The open wait's task receives the
 * `VisitCancelled` failure; the state machine's Cancelled end tells everyone.
 */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { CHANGERS, changeInput, visitToChange } from '#commons/changes.ts';
import { readPost } from '#commons/csrf.ts';
import { submitForm } from '#commons/forms.ts';
import { json, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { cancelVisit } from '#domain/actions/cancel-visit.ts';
import { assertChangeable, assertMayChange } from '#domain/actions/visit-changes.ts';
import { cancelPage } from '#templates/pages/visit-changes.ts';

const deps = () => ({ store: visitStore(), workflow: workflow(), clock: appClock });

export const handler = http('cancelVisit', {
  'GET /visits/{id}/cancel': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      assertMayChange(visit, req.user, 'cancel');
      assertChangeable(visit, appClock.now());
      return req.answer(200, { id: visit.id, status: visit.status }, () =>
        cancelPage(req.viewer, visit, { lang: req.lang, values: {}, errors: {} }),
      );
    },
  },

  'POST /visits/{id}/cancel': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      if (req.wantsJson) {
        const cancelled = await cancelVisit(deps(), visit.id, readPost(req.event), req.user);
        logger.info('visit cancelled');
        return json(200, { id: cancelled.id, status: cancelled.status });
      }
      const outcome = await submitForm(
        req.event,
        {
          rows: {},
          render: (values, errors) => cancelPage(req.viewer, visit, { lang: req.lang, values, errors }),
        },
        (input) => cancelVisit(deps(), visit.id, changeInput(input), req.user),
      );
      if ('page' in outcome) return outcome.page;
      logger.info('visit cancelled');
      return redirect(`/visits/${encodeURIComponent(visit.id)}`);
    },
  },
});
