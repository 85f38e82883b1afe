/**
 * GET / (the user's agency's visits), GET /visits/{id} (status, history, documents, action items) and
 * GET /visits/{id}/documents/{docId} (302 to a short-lived URL). Staff and secretaries of either agency; a browser
 * of an auditor asking for the home page goes to the archive.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { documentLinks } from '#adapters/s3-presign.ts';
import { redirect } from '#commons/http.ts';
import { hasRole, type Identity } from '#commons/identity.ts';
import { http } from '#commons/routes.ts';
import { RESCHEDULABLE } from '#domain/actions/reschedule-visit.ts';
import { changesOffered } from '#domain/actions/visit-changes.ts';
import { peopleOf } from '#domain/agencies.ts';
import { vietnamDate } from '#domain/clock.ts';
import { inForceOn } from '#domain/directory/versions.ts';
import { documentFilename } from '#domain/document-filename.ts';
import { DocumentNotFoundError, ForbiddenError, MalformedRequestError } from '#domain/errors.ts';
import { actionView } from '#domain/follow-up/items.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import type { Approval, DirectoryReader } from '#domain/ports.ts';
import { todoCount, todoOf, type VisitFilter, visitMatches } from '#domain/todo.ts';
import { formatOf, STATUSES, type Visit, type VisitStatus } from '#domain/visit.ts';
import { type UpcomingStep, upcomingSteps } from '#templates/pages/chain.ts';
import type { Named } from '#templates/pages/labels.ts';
import { visitListPage, visitPage } from '#templates/pages/visits.ts';
import { STATUS_LABELS } from '#templates/words/statuses.ts';

const STAFF = ['staff', 'secretary'] as const;

/** The statuses in which the agenda's approval is still under way. */
const AGENDA_OPEN = new Set<Visit['status']>([
  'SUBMITTED',
  'AGENDA_DRAFTED',
  'AWAITING_APPROVAL',
  'CHANGES_REQUESTED',
]);

function canSee(visit: Visit, agencyId: string): boolean {
  return visit.request.visitingAgencyId === agencyId || visit.request.hostAgencyId === agencyId;
}

export function visitSummary(v: Visit) {
  return {
    id: v.id,
    status: v.status,
    statusLabel: STATUS_LABELS[v.status],
    title: v.request.title,
    hostAgencyId: v.request.hostAgencyId,
    visitingAgencyId: v.request.visitingAgencyId,
    startDate: v.request.startDate,
    endDate: v.request.endDate,
    updatedAt: v.updatedAt,
  };
}

const RESCHEDULABLE_STATUSES = Object.keys(RESCHEDULABLE) as Visit['status'][];

/**
 * An approval's status as people read it: a claim being settled is still PENDING, one escalated to a deputy is
 * REASSIGNED like one moved to a substitute or by an admin.
 */
function shownStatus(a: Approval): 'PENDING' | 'DECIDED' | 'REASSIGNED' | 'EXPIRED' | 'CANCELLED' {
  if (a.status === 'CLAIMED') return 'PENDING';
  if (a.status === 'SUPERSEDED') return 'REASSIGNED';
  return a.status;
}

/** The most visits of an agency the home page reads for its to-do and a filtered list (its newest first). */
const AGENCY_VISITS_READ = 1000;

/** The agency's visits, newest first, its pages read in turn (one index query each, up to AGENCY_VISITS_READ). */
async function agencyVisits(agencyId: string): Promise<Visit[]> {
  const visits: Visit[] = [];
  let cursor: string | undefined;
  do {
    const page = await visitStore().listVisitsByAgency(agencyId, {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    visits.push(...page.items);
    cursor = page.cursor;
  } while (cursor && visits.length < AGENCY_VISITS_READ);
  return visits;
}

/** The visit list's filter from the query: `status` (one of the statuses, 400 naming it otherwise) and `q`. */
function listFilter(query: Record<string, string | undefined>): VisitFilter {
  const status = query.status || undefined;
  if (status && !(STATUSES as readonly string[]).includes(status))
    throw new MalformedRequestError(undefined, {
      status: { vi: 'trạng thái không có trong danh sách', en: 'not one of the statuses' },
    });
  const search = query.q?.trim().slice(0, 200);
  return { ...(status ? { status: status as VisitStatus } : {}), ...(search ? { search } : {}) };
}

/** The visit of the path, if the user's agency is one of its two. */
async function visibleVisit(id: string, user: Identity): Promise<Visit> {
  const visit = await loadVisit(visitStore(), id);
  if (!canSee(visit, user.agencyId)) throw new ForbiddenError();
  return visit;
}

/**
 * While the agenda waits for its approvers, the host chain's steps not reached yet: the chain in force today, from
 * the directory's index the request read with its user (no further directory read).
 */
async function upcomingOf(
  visit: Visit,
  approvals: readonly Approval[],
  directory: DirectoryReader,
): Promise<UpcomingStep[]> {
  if (!AGENDA_OPEN.has(visit.status)) return [];
  const host = inForceOn(await directory.agencies(), vietnamDate(appClock.now())).get(
    visit.request.hostAgencyId,
  );
  return host ? upcomingSteps(host.approvalChain, approvals) : [];
}

/**
 * The people of the visit's two agencies in every version the directory's index holds (read already with the
 * user), so the page names whoever its trail mentions instead of showing an address.
 */
async function agencyPeople(visit: Visit, directory: DirectoryReader): Promise<Named[]> {
  const ids = new Set([visit.request.hostAgencyId, visit.request.visitingAgencyId]);
  return (await directory.agencies())
    .filter((e) => ids.has(e.id))
    .flatMap((e) => e.versions.flatMap(peopleOf))
    .map((p) => ({ email: p.email, name: p.name }));
}

export const handler = http('getVisit', {
  'GET /': async (req) => {
    const { user } = req;
    if (!hasRole(user, STAFF)) {
      // an auditor's home is the archive
      if (!req.wantsJson && hasRole(user, ['auditor'])) return redirect('/archive');
      throw new ForbiddenError();
    }
    const query = req.event.queryStringParameters ?? {};
    const filter = listFilter(query);
    const today = vietnamDate(appClock.now());
    const [all, open] = await Promise.all([
      agencyVisits(user.agencyId),
      actionStore().agencyActions({ agencyId: user.agencyId, status: 'open', today, limit: 100 }),
    ]);
    const todo = todoOf(user, all, open.items, today);
    // a filtered list is every visit of the agency that matches; else the newest, a page at a time
    const filtered = filter.status || filter.search;
    const page = filtered
      ? { items: all.filter((v) => visitMatches(v, filter)), cursor: undefined }
      : await visitStore().listVisitsByAgency(user.agencyId, {
          limit: 50,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
    return req.answer(
      200,
      {
        items: page.items.map(visitSummary),
        ...(page.cursor ? { cursor: page.cursor } : {}),
        todo: {
          count: todoCount(todo),
          approvals: todo.approvals.map((v) => v.id),
          revisions: todo.revisions.map((v) => v.id),
          minutes: todo.minutes.map((v) => v.id),
          actions: todo.actions.map((a) => ({ visitId: a.visitId, id: a.id, due: a.due })),
        },
      },
      () => visitListPage(req.viewer, page.items, page.cursor, { todo, filter, today }),
    );
  },

  'GET /visits/{id}': {
    roles: STAFF,
    needs: () => ({ index: true }),
    handle: async (req) => {
      const store = visitStore();
      const visit = await visibleVisit(req.params.id, req.user);
      const [documents, events, approvals, actions] = await Promise.all([
        store.listDocuments(visit.id),
        store.listEvents(visit.id),
        store.listApprovals(visit.id),
        actionStore().listActions(visit.id),
      ]);
      const offered = changesOffered(visit, approvals, req.user, appClock.now(), RESCHEDULABLE_STATUSES);
      const upcoming = await upcomingOf(visit, approvals, req.directory);
      const people = await agencyPeople(visit, req.directory);
      return req.answer(
        200,
        {
          ...visitSummary(visit),
          request: visit.request,
          owner: { name: visit.owner.name, email: visit.owner.email },
          ...(visit.minutes ? { minutes: visit.minutes } : {}),
          ...(visit.failureReason ? { failureReason: visit.failureReason } : {}),
          documents: documents.map((d) => ({
            id: d.id,
            kind: d.kind,
            version: d.version,
            number: d.number,
            sha256: d.sha256,
            size: d.size,
            createdAt: d.createdAt,
            format: formatOf(d),
            ...(formatOf(d) === 'pdf'
              ? {
                  signed: d.signed === true,
                  ...(d.signedAt ? { signedAt: d.signedAt, licensed: d.licensed === true } : {}),
                }
              : {}),
            url: `/visits/${visit.id}/documents/${d.id}`,
          })),
          approvals: approvals.map((a) => ({
            id: a.id,
            kind: a.kind,
            step: a.step,
            role: a.role,
            name: a.person.name,
            approver: { name: a.person.name, email: a.person.email },
            status: shownStatus(a),
            ...(a.decision ? { decision: a.decision, decidedAt: a.decidedAt } : {}),
            ...(a.comment ? { comment: a.comment } : {}),
            ...(a.reassignedTo ? { reassignedTo: a.reassignedTo.name } : {}),
            ...(a.closed
              ? {
                  closed: {
                    cause: a.closed.cause,
                    byName: a.closed.byName,
                    at: a.closed.at,
                    reason: a.closed.reason,
                  },
                }
              : {}),
          })),
          ...(visit.cancellation
            ? {
                cancellation: {
                  byName: visit.cancellation.byName,
                  at: visit.cancellation.at,
                  reason: visit.cancellation.reason,
                },
              }
            : {}),
          offered,
          upcoming: upcoming.map((s) => ({ step: s.step, name: s.approver.name })),
          events: events.map((e) => ({ at: e.at, type: e.type, actor: e.actor })),
          actions: actions.map((a) => actionView(a, appClock)),
        },
        () =>
          visitPage(req.viewer, {
            visit,
            documents,
            approvals,
            events,
            actions,
            today: vietnamDate(appClock.now()),
            offered,
            upcoming,
            people,
          }),
      );
    },
  },

  'GET /visits/{id}/documents/{docId}': {
    roles: STAFF,
    handle: async ({ params, user }) => {
      const visit = await visibleVisit(params.id, user);
      const doc = await visitStore().getDocument(visit.id, params.docId);
      if (!doc) throw new DocumentNotFoundError();
      const url = await documentLinks().getUrl(doc.key, {
        filename: documentFilename(doc, visit.id),
        expiresSeconds: 300,
      });
      return redirect(url, 302);
    },
  },
});
