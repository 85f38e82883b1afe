/**
 * GET / (the user's agency's visits), GET /visits/{id} (status, history, documents) and
 * GET /visits/{id}/documents/{docId} (302 to a short-lived URL). Staff and secretaries of either agency; a browser
 * of an auditor asking for the home page goes to the archive.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { documentLinks } from '#adapters/s3-presign.ts';
import { httpErrors, json, type Result, redirect } from '#commons/http.ts';
import { hasRole, type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pageErrors, sendPage, viewerOf } from '#commons/pages.ts';
import { pathParam } from '#commons/routes.ts';
import { DocumentNotFoundError, ForbiddenError } from '#domain/errors.ts';
import { FILE_TYPES, loadVisit } from '#domain/lifecycle.ts';
import { formatOf, type Visit } from '#domain/visit.ts';
import { visitListPage, visitPage } from '#templates/pages/visits.ts';
import { STATUS_LABELS } from '#templates/words/statuses.ts';

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

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(
    httpErrors({
      report: (error) => logger.error('visit read failed', { error: error as Error }),
      page: pageErrors,
    }),
  )
  .use(requireUser())
  .handler(async (event, context) => {
    const store = visitStore();
    const { user } = context;
    const browser = !wantsJson(event);
    if (!hasRole(user, ['staff', 'secretary'])) {
      // an auditor's home is the archive
      if (browser && event.routeKey === 'GET /' && hasRole(user, ['auditor'])) return redirect('/archive');
      throw new ForbiddenError();
    }
    if (event.routeKey === 'GET /') {
      const cursor = event.queryStringParameters?.cursor;
      const page = await store.listVisitsByAgency(user.agencyId, {
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      if (browser) return sendPage(event, 200, visitListPage(viewerOf(event, user), page.items, page.cursor));
      return json(200, {
        items: page.items.map(visitSummary),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
    }
    const visit = await loadVisit(store, pathParam(event, 'id'));
    if (!canSee(visit, user.agencyId)) throw new ForbiddenError();
    if (event.routeKey === 'GET /visits/{id}/documents/{docId}') {
      const doc = await store.getDocument(visit.id, pathParam(event, 'docId'));
      if (!doc) throw new DocumentNotFoundError();
      const prefix = doc.kind === 'agenda' ? 'ChuongTrinh' : 'BienBan';
      const url = await documentLinks().getUrl(doc.key, {
        filename: `${prefix}-${doc.number.replace('/', '-')}-v${doc.version}.${FILE_TYPES[formatOf(doc)].extension}`,
        expiresSeconds: 300,
      });
      return redirect(url, 302);
    }
    const [documents, events, approvals] = await Promise.all([
      store.listDocuments(visit.id),
      store.listEvents(visit.id),
      store.listApprovals(visit.id),
    ]);
    if (browser)
      return sendPage(event, 200, visitPage(viewerOf(event, user), { visit, documents, approvals, events }));
    return json(200, {
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
      events: events.map((e) => ({ at: e.at, type: e.type, actor: e.actor })),
    });
  });
