/** GET /visits/new (the form) and POST /visits (submit a request): staff of the visiting agency. */
import { appClock } from '#adapters/clock.ts';
import { draftStore } from '#adapters/dynamodb-draft-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { readPost } from '#commons/csrf.ts';
import { storedDraft } from '#commons/drafts.ts';
import { type FormView, REQUEST_DATES, REQUEST_ROWS, submitForm } from '#commons/forms.ts';
import { json, redirect } from '#commons/http.ts';
import type { Identity } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { submitVisit } from '#domain/actions/submit-visit.ts';
import { vietnamDate } from '#domain/clock.ts';
import { inForceOn } from '#domain/directory/versions.ts';
import { ForbiddenError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import { latestStart } from '#domain/policy.ts';
import type { DirectoryReader } from '#domain/ports.ts';
import type { AgencyNames } from '#domain/visit.ts';
import { copiedRequestValues, mayCopy } from '#templates/pages/copy-request.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { newRequestValues, requestForm } from '#templates/pages/request-form.ts';

const STAFF = ['staff'] as const;

/** The agencies a new request may name: those in force today, from the directory's index. */
async function inForce(directory: DirectoryReader): Promise<AgencyNames[]> {
  const today = vietnamDate(appClock.now());
  return [...inForceOn(await directory.agencies(), today).values()]
    .map(({ id, name, nameEn, province }) => ({ id, name, nameEn, province }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The form of a post that did not send it, in the language it asks for, saying what became of its draft. */
function form(viewer: Viewer, agencies: readonly AgencyNames[]) {
  return (values: Record<string, unknown>, errors: Record<string, string>, view: FormView) =>
    requestForm({
      viewer: { ...viewer, lang: view.lang },
      agencies,
      state: { lang: view.lang, values, errors },
      latestStart: latestStart(appClock.now()),
      draft: { view },
    });
}

/** The request of `visitId` to copy into a new one: only its sending agency's staff may (403 otherwise). */
async function copiedRequest(visitId: string, user: Identity): Promise<Record<string, unknown>> {
  const visit = await loadVisit(visitStore(), visitId);
  if (!mayCopy(user, visit)) throw new ForbiddenError();
  return copiedRequestValues(visit.request, user);
}

function copiedForm(viewer: Viewer, agencies: readonly AgencyNames[], values: Record<string, unknown>) {
  return requestForm({
    viewer,
    agencies,
    state: { lang: viewer.lang, values, errors: {} },
    latestStart: latestStart(appClock.now()),
  });
}

const deps = (directory: DirectoryReader) => ({
  store: visitStore(),
  directory,
  workflow: workflow(),
  clock: appClock,
});

/** Both routes read the directory's index with the user, in the one read. */
const needs = () => ({ index: true });

export const handler = http('submitVisit', {
  'GET /visits/new': {
    roles: STAFF,
    needs,
    handle: async (req) => {
      const agencies = await inForce(req.directory);
      if (req.wantsJson)
        return json(200, {
          agencies: agencies.map((a) => ({ id: a.id, name: a.name, province: a.province })),
        });
      const from = req.event.queryStringParameters?.from;
      if (from) return req.page(copiedForm(req.viewer, agencies, await copiedRequest(from, req.user)));
      // a draft kept before goes on where it was left
      const draft = await draftStore().getDraft('request', req.user.email);
      return req.page(
        requestForm({
          viewer: req.viewer,
          agencies,
          state: { lang: req.lang, values: draft?.values ?? newRequestValues(req.user), errors: {} },
          latestStart: latestStart(appClock.now()),
          ...(draft ? { draft: { resumedFrom: draft.savedAt } } : {}),
        }),
      );
    },
  },
  'POST /visits': {
    roles: STAFF,
    needs,
    handle: async ({ event, user, viewer, wantsJson, directory }) => {
      if (wantsJson) {
        const visit = await submitVisit(
          deps(directory),
          readPost(event),
          user,
          event.headers['idempotency-key'],
        );
        logger.info('visit submitted', { visitId: visit.id });
        return json(201, { id: visit.id, status: visit.status });
      }
      // the form carries a key made when it was first shown: posting it twice submits one visit
      const render = form(viewer, await inForce(directory));
      const outcome = await submitForm(
        event,
        {
          rows: REQUEST_ROWS,
          dates: REQUEST_DATES,
          render,
          draft: storedDraft('request', user.email, user),
          fresh: () => newRequestValues(user),
          now: () => appClock.now(),
        },
        (input) => submitVisit(deps(directory), input, user, formKey(input)),
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
