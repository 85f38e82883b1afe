/** GET /visits/new (the form) and POST /visits (submit a request): staff of the visiting agency. */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { readPost } from '#commons/csrf.ts';
import { REQUEST_ROWS, submitForm } from '#commons/forms.ts';
import { json, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { submitVisit } from '#domain/actions/submit-visit.ts';
import { listAgencies } from '#domain/agencies.ts';
import { latestStart } from '#domain/policy.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { newRequestValues, requestForm } from '#templates/pages/request-form.ts';

const STAFF = ['staff'] as const;

function form(viewer: Viewer) {
  return (values: Record<string, unknown>, errors: Record<string, string>) =>
    requestForm({
      viewer,
      agencies: listAgencies(),
      state: { lang: viewer.lang, values, errors },
      latestStart: latestStart(appClock.now()),
    });
}

const deps = () => ({ store: visitStore(), workflow: workflow(), clock: appClock });

export const handler = http('submitVisit', {
  'GET /visits/new': {
    roles: STAFF,
    handle: async (req) =>
      req.answer(
        200,
        { agencies: listAgencies().map((a) => ({ id: a.id, name: a.name, province: a.province })) },
        () => form(req.viewer)(newRequestValues(req.user), {}),
      ),
  },
  'POST /visits': {
    roles: STAFF,
    handle: async ({ event, user, viewer, wantsJson }) => {
      if (wantsJson) {
        const visit = await submitVisit(deps(), readPost(event), user, event.headers['idempotency-key']);
        logger.info('visit submitted', { visitId: visit.id });
        return json(201, { id: visit.id, status: visit.status });
      }
      // the form carries a key made when it was first shown: posting it twice submits one visit
      const outcome = await submitForm(event, { rows: REQUEST_ROWS, render: form(viewer) }, (input) =>
        submitVisit(deps(), input, user, formKey(input)),
      );
      if ('page' in outcome) return outcome.page;
      logger.info('visit submitted', { visitId: outcome.done.id });
      return redirect(`/visits/${outcome.done.id}`);
    },
  },
});

function formKey(input: Record<string, unknown>): string | undefined {
  return typeof input._key === 'string' && input._key ? input._key : undefined;
}
