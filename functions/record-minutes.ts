/** GET/POST /visits/{id}/minutes: the host agency's secretary records the minutes after the visit. */
import { appClock } from '#adapters/clock.ts';
import { draftStore } from '#adapters/dynamodb-draft-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { readPost } from '#commons/csrf.ts';
import { storedDraft } from '#commons/drafts.ts';
import { MINUTES_DATES, MINUTES_ROWS, minutesFromForm, submitForm } from '#commons/forms.ts';
import { json, redirect } from '#commons/http.ts';
import type { Identity } from '#commons/identity.ts';
import { http } from '#commons/routes.ts';
import { recordMinutes } from '#domain/actions/record-minutes.ts';
import { latestChangesAsked } from '#domain/approvals.ts';
import { ForbiddenError } from '#domain/errors.ts';
import { agenciesOf, loadVisit } from '#domain/lifecycle.ts';
import { directoryPeople } from '#domain/people.ts';
import type { DirectoryReader } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import {
  type MinutesFormOptions,
  minutesClosed,
  minutesForm,
  minutesValues,
} from '#templates/pages/minutes-form.ts';

const SECRETARY = ['secretary'] as const;

/** The visit of the path, when the user is a secretary of its host agency. */
async function hostedVisit(id: string, user: Identity): Promise<Visit> {
  const visit = await loadVisit(visitStore(), id);
  if (visit.request.hostAgencyId !== user.agencyId) throw new ForbiddenError();
  return visit;
}

/** The minutes form (the chair among the host's approvers as they are today), with the chair's comment when the
 * minutes were sent back for changes. */
async function formOf(viewer: Viewer, visit: Visit, directory: DirectoryReader) {
  const { host } = await agenciesOf({ directory }, visit, appClock.now());
  const sentBack = latestChangesAsked(await visitStore().listApprovals(visit.id), 'minutes')?.comment;
  const render = (
    values: Record<string, unknown>,
    errors: Record<string, string>,
    draft?: MinutesFormOptions['draft'],
  ) => {
    const lang = draft?.view?.lang ?? viewer.lang;
    return minutesForm({
      viewer: { ...viewer, lang },
      visit,
      host,
      state: { lang, values, errors },
      ...(sentBack ? { comment: sentBack } : {}),
      ...(draft ? { draft } : {}),
    });
  };
  return { host, render };
}

const deps = (directory: DirectoryReader) => ({
  store: visitStore(),
  directory,
  workflow: workflow(),
  clock: appClock,
  people: directoryPeople(directory, appClock),
});

export const handler = http('recordMinutes', {
  'GET /visits/{id}/minutes': {
    roles: SECRETARY,
    handle: async (req) => {
      const visit = await hostedVisit(req.params.id, req.user);
      if (req.wantsJson)
        return json(200, {
          visitId: visit.id,
          status: visit.status,
          request: visit.request,
          minutes: visit.minutes ?? null,
        });
      if (visit.status !== 'AWAITING_MINUTES') return req.page(minutesClosed(req.viewer, visit));
      const { host, render } = await formOf(req.viewer, visit, req.directory);
      // a draft kept before goes on where it was left
      const draft = await draftStore().getDraft('minutes', visit.id);
      return req.page(
        draft
          ? render(draft.values, {}, { resumedFrom: draft.savedAt })
          : render(minutesValues(visit, host, req.user), {}),
      );
    },
  },

  'POST /visits/{id}/minutes': {
    roles: SECRETARY,
    handle: async (req) => {
      const visit = await hostedVisit(req.params.id, req.user);
      if (req.wantsJson) {
        const stored = await recordMinutes(deps(req.directory), visit.id, readPost(req.event), req.user);
        return json(201, { id: stored.id, status: stored.status });
      }
      const { host, render } = await formOf(req.viewer, visit, req.directory);
      const outcome = await submitForm(
        req.event,
        {
          rows: MINUTES_ROWS,
          dates: MINUTES_DATES,
          render: (values, errors, view) => render(values, errors, { view }),
          adapt: (values) => minutesFromForm(values, host),
          draft: storedDraft('minutes', visit.id, req.user),
          fresh: () => minutesValues(visit, host, req.user),
          now: () => appClock.now(),
        },
        (input) => recordMinutes(deps(req.directory), visit.id, input, req.user),
      );
      if ('page' in outcome) return outcome.page;
      return redirect(`/visits/${outcome.done.id}`);
    },
  },
});
