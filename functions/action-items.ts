/**
 * GET /visits/{id}/actions (a visit's action items), GET /actions (an agency's, across visits, due first, filtered)
 * and the host secretary's answers: POST /visits/{id}/actions/{actionId}/done (for an owner without mail) and
 * POST /visits/{id}/actions/{actionId}/reopen, each with a note.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { followUpDeps } from '#adapters/follow-up.ts';
import { readPost } from '#commons/csrf.ts';
import { submitForm } from '#commons/forms.ts';
import { fieldMessages, json, type Result, redirect } from '#commons/http.ts';
import { hasRole, type Identity } from '#commons/identity.ts';
import { type HttpRequest, http } from '#commons/routes.ts';
import { vietnamDate } from '#domain/clock.ts';
import { type FieldErrors, ForbiddenError, ValidationError } from '#domain/errors.ts';
import { loadAction, markDone, reopenAction } from '#domain/follow-up/answers.ts';
import { type ActionItem, actionView } from '#domain/follow-up/items.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import type { ActionQuery } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { actionListPage, answerFormPage, visitActionsPage } from '#templates/pages/actions.ts';
import type { Viewer } from '#templates/pages/layout.ts';

/** Who sees an agency's items: its staff, secretaries and admins. */
const STAFF = ['staff', 'secretary', 'admin'] as const;
const SECRETARY = ['secretary'] as const;
const STATUSES = ['open', 'done', 'overdue'] as const;
const SEARCH_MAX = 200;

// the site's address is read at start-up, so that a function deployed without it fails its cold start by name
requirePublicUrl();
const deps = followUpDeps;

const today = () => vietnamDate(appClock.now());

/** The visit of the path: staff, secretaries and admins of either agency see it, and auditors. */
async function visibleVisit(id: string, user: Identity): Promise<Visit> {
  const visit = await loadVisit(visitStore(), id);
  const ours = [visit.request.hostAgencyId, visit.request.visitingAgencyId].includes(user.agencyId);
  if (!(ours && hasRole(user, STAFF)) && !hasRole(user, ['auditor'])) throw new ForbiddenError();
  return visit;
}

/** The visit of the path and the item, when the user is a secretary of the visit's host agency. */
async function hostedItem(params: { id: string; actionId: string }, user: Identity) {
  const visit = await loadVisit(visitStore(), params.id);
  if (visit.request.hostAgencyId !== user.agencyId) throw new ForbiddenError();
  return { visit, item: await loadAction(actionStore(), visit.id, params.actionId) };
}

/** The query of GET /actions, checked: an agency of the user's own, a known status, a search of bounded length. */
function actionQuery(user: Identity, q: Record<string, string | undefined>): ActionQuery {
  const fields: FieldErrors = {};
  const agencyId = q.agencyId || user.agencyId;
  if (agencyId !== user.agencyId) throw new ForbiddenError();
  const status = q.status || undefined;
  if (status && !(STATUSES as readonly string[]).includes(status))
    fields.status = { vi: 'chỉ được chọn open, done, overdue', en: 'must be one of open, done, overdue' };
  const search = (q.q ?? '').trim();
  if (search.length > SEARCH_MAX)
    fields.q = { vi: `tối đa ${SEARCH_MAX} ký tự`, en: `at most ${SEARCH_MAX} characters` };
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    agencyId,
    today: today(),
    ...(status ? { status: status as ActionQuery['status'] } : {}),
    ...(search ? { search } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
    limit: 50,
  };
}

/** `/actions` with the same filter, on the page after `cursor` (or the first). */
function listHref(q: Record<string, string | undefined>, cursor?: string): string {
  const params = new URLSearchParams();
  for (const k of ['status', 'q'] as const) if (q[k]) params.set(k, q[k] as string);
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return `/actions${text ? `?${text}` : ''}`;
}

/** The secretary's form again, with the note's error beside it and what was typed. */
function answerForm(viewer: Viewer, visit: Visit, item: ActionItem, kind: 'done' | 'reopen') {
  return (values: Record<string, unknown>, errors: Record<string, string>) =>
    answerFormPage(viewer, { visit, item, kind, state: { lang: viewer.lang, values, errors } });
}

type AnswerKey = `POST /visits/{id}/actions/{actionId}/${'done' | 'reopen'}`;

/**
 * The host secretary's answer on an item of a visit their agency hosted: marks it done, or reopens it, with the
 * note posted; a form's refused note comes back beside the field, and a done form goes back to the visit's item.
 */
function secretaryAnswer(kind: 'done' | 'reopen') {
  return async (req: HttpRequest<AnswerKey, Identity>): Promise<Result> => {
    const { visit, item } = await hostedItem(req.params, req.user);
    const answer = (input: unknown) =>
      kind === 'done'
        ? markDone(deps(), item, input, { email: req.user.email, name: req.user.name, via: 'secretary' })
        : reopenAction(deps(), item, input, { email: req.user.email });
    if (req.wantsJson) return json(200, actionView(await answer(readPost(req.event)), appClock));
    const outcome = await submitForm(
      req.event,
      { rows: {}, render: answerForm(req.viewer, visit, item, kind) },
      answer,
    );
    if ('page' in outcome) return outcome.page;
    return redirect(`/visits/${encodeURIComponent(visit.id)}#action-${item.id}`);
  };
}

export const handler = http('actionItems', {
  'GET /visits/{id}/actions': {
    roles: [...STAFF, 'auditor'],
    handle: async (req) => {
      const visit = await visibleVisit(req.params.id, req.user);
      const items = await actionStore().listActions(visit.id);
      return req.answer(
        200,
        items.map((i) => actionView(i, appClock)),
        () => visitActionsPage(req.viewer, { visit, items, today: today() }),
      );
    },
  },

  'GET /actions': {
    roles: STAFF,
    handle: async (req) => {
      const q = req.event.queryStringParameters ?? {};
      let query: ActionQuery;
      try {
        query = actionQuery(req.user, q);
      } catch (e) {
        if (req.wantsJson || !(e instanceof ValidationError)) throw e;
        return req.page(
          actionListPage(req.viewer, {
            items: [],
            today: today(),
            values: { status: q.status, q: q.q },
            errors: fieldMessages(e, req.lang),
          }),
          422,
        );
      }
      const page = await actionStore().agencyActions(query);
      return req.answer(
        200,
        {
          items: page.items.map((i) => actionView(i, appClock)),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        },
        () =>
          actionListPage(req.viewer, {
            items: page.items,
            today: query.today,
            values: { status: q.status, q: q.q },
            ...(page.cursor ? { nextHref: listHref(q, page.cursor) } : {}),
            ...(q.cursor ? { firstHref: listHref(q) } : {}),
          }),
      );
    },
  },

  'POST /visits/{id}/actions/{actionId}/done': { roles: SECRETARY, handle: secretaryAnswer('done') },
  'POST /visits/{id}/actions/{actionId}/reopen': { roles: SECRETARY, handle: secretaryAnswer('reopen') },
});
