/**
 * GET / (the user's agency's visits), GET /visits/{id} (status, history, documents, action items) and
 * GET /visits/{id}/documents/{docId} (302 to a short-lived URL). Staff and secretaries of either agency; a browser
 * of an auditor asking for the home page goes to the archive.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { documentLinks } from '#adapters/s3-presign.ts';
import { redirect } from '#commons/http.ts';
import { hasRole, type Identity } from '#commons/identity.ts';
import { http } from '#commons/routes.ts';
import { vietnamDate } from '#domain/clock.ts';
import { documentFilename } from '#domain/document-filename.ts';
import { DocumentNotFoundError, ForbiddenError } from '#domain/errors.ts';
import { actionView } from '#domain/follow-up/items.ts';
import { agenciesOf, loadVisit } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import { formatOf, type Visit } from '#domain/visit.ts';
import { type UpcomingStep, upcomingSteps } from '#templates/pages/chain.ts';
import { visitListPage, visitPage } from '#templates/pages/visits.ts';
import { STATUS_LABELS } from '#templates/words/statuses.ts';

const STAFF = ['staff', 'secretary'] as const;

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

/** The visit of the path, if the user's agency is one of its two. */
async function visibleVisit(id: string, user: Identity): Promise<Visit> {
  const visit = await loadVisit(visitStore(), id);
  if (!canSee(visit, user.agencyId)) throw new ForbiddenError();
  return visit;
}

/** While the agenda waits for its approvers, the host chain's steps not reached yet (the chain as it is today). */
async function upcomingOf(visit: Visit, approvals: readonly Approval[]): Promise<UpcomingStep[]> {
  const open = ['SUBMITTED', 'AGENDA_DRAFTED', 'AWAITING_APPROVAL', 'CHANGES_REQUESTED'].includes(
    visit.status,
  );
  if (!open) return [];
  const { host } = await agenciesOf({ directory: directory() }, visit, appClock.now());
  return upcomingSteps(host.approvalChain, approvals);
}

export const handler = http('getVisit', {
  'GET /': async (req) => {
    const { user } = req;
    if (!hasRole(user, STAFF)) {
      // an auditor's home is the archive
      if (!req.wantsJson && hasRole(user, ['auditor'])) return redirect('/archive');
      throw new ForbiddenError();
    }
    const cursor = req.event.queryStringParameters?.cursor;
    const page = await visitStore().listVisitsByAgency(user.agencyId, {
      limit: 50,
      ...(cursor ? { cursor } : {}),
    });
    return req.answer(
      200,
      { items: page.items.map(visitSummary), ...(page.cursor ? { cursor: page.cursor } : {}) },
      () => visitListPage(req.viewer, page.items, page.cursor),
    );
  },

  'GET /visits/{id}': {
    roles: STAFF,
    handle: async (req) => {
      const store = visitStore();
      const visit = await visibleVisit(req.params.id, req.user);
      const [documents, events, approvals, actions] = await Promise.all([
        store.listDocuments(visit.id),
        store.listEvents(visit.id),
        store.listApprovals(visit.id),
        actionStore().listActions(visit.id),
      ]);
      const upcoming = await upcomingOf(visit, approvals);
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
            kind: a.kind,
            step: a.step,
            role: a.role,
            name: a.person.name,
            status: a.status,
            ...(a.decision ? { decision: a.decision, decidedAt: a.decidedAt } : {}),
            ...(a.comment ? { comment: a.comment } : {}),
          })),
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
            upcoming,
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
