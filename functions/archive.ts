/**
 * The auditors' routes (API.md, Auditors): GET /archive (search), /archive/{visitId} (record and event trail),
 * /archive/{visitId}/download and /archive/{visitId}/documents/{docId}/download (each logged as an event first,
 * then 302 to a URL valid at most 5 minutes); /archive/{visitId}/verify is verify-archive.ts. HTML for a browser,
 * JSON on request.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { archiveStore } from '#adapters/s3-document-store.ts';
import { type ErrorPage, httpErrors, json, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { fieldMessages, pageErrors, sendPage, viewerOf } from '#commons/pages.ts';
import { pathParam } from '#commons/routes.ts';
import { listAgencies } from '#domain/agencies.ts';
import { archiveRecord, downloadArchived } from '#domain/archive/record.ts';
import { archiveProvinces, searchArchive, validateArchiveSearch } from '#domain/archive/search.ts';
import { ValidationError } from '#domain/errors.ts';
import type { ArchiveEntry } from '#domain/ports.ts';
import { archiveRecordPage, archiveSearchPage, type SearchValues } from '#templates/pages/archive.ts';

const AGENCIES = listAgencies().map((a) => ({ id: a.id, name: a.name, province: a.province }));
const PROVINCES = archiveProvinces();
const SEARCH_KEYS = ['from', 'to', 'province', 'agencyId'] as const;

function typed(event: APIGatewayProxyEventV2): SearchValues {
  const q = event.queryStringParameters ?? {};
  return Object.fromEntries(SEARCH_KEYS.filter((k) => q[k]).map((k) => [k, q[k]]));
}

/** /archive?… for the same search, from a cursor or from the first page. */
function searchHref(event: APIGatewayProxyEventV2, cursor?: string): string {
  const q = event.queryStringParameters ?? {};
  const params = new URLSearchParams();
  for (const k of [...SEARCH_KEYS, 'limit'] as const) {
    const v = q[k];
    if (v) params.set(k, v);
  }
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `/archive?${text}` : '/archive';
}

function searchItem(e: ArchiveEntry) {
  return {
    visitId: e.visitId,
    title: e.title,
    hostAgency: e.hostAgency,
    hostAgencyId: e.hostAgencyId,
    hostProvince: e.hostProvince,
    visitingAgency: e.visitingAgency,
    visitingAgencyId: e.visitingAgencyId,
    visitingProvince: e.visitingProvince,
    date: e.date,
    archivedAt: e.archivedAt,
    sha256: e.sha256,
    url: `/archive/${encodeURIComponent(e.visitId)}`,
  };
}

/** A refused search shows the form again with the reasons beside the fields; other errors their error page. */
const errorPage: ErrorPage = (error, lang, event) => {
  if (error instanceof ValidationError && event.routeKey === 'GET /archive')
    return sendPage(
      event,
      error.status,
      archiveSearchPage(
        { ...viewerOf(event), lang },
        {
          values: typed(event),
          errors: fieldMessages(error, lang),
          provinces: PROVINCES,
          agencies: AGENCIES,
        },
      ),
    );
  return pageErrors(error, lang, event);
};

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(
    httpErrors({
      report: (error) => logger.error('archive request failed', { error: error as Error }),
      page: errorPage,
    }),
  )
  .use(requireUser({ roles: ['auditor'] }))
  .handler(async (event, context) => {
    const store = visitStore();
    const asJson = wantsJson(event);

    if (event.routeKey === 'GET /archive') {
      const query = validateArchiveSearch(event.queryStringParameters ?? {});
      const page = await searchArchive(store, query);
      if (asJson)
        return json(200, {
          items: page.items.map(searchItem),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        });
      return sendPage(
        event,
        200,
        archiveSearchPage(viewerOf(event, context.user), {
          values: typed(event),
          provinces: PROVINCES,
          agencies: AGENCIES,
          items: page.items,
          ...(page.cursor ? { nextHref: searchHref(event, page.cursor) } : {}),
          ...(query.cursor ? { firstHref: searchHref(event) } : {}),
        }),
      );
    }

    const visitId = pathParam(event, 'visitId');
    switch (event.routeKey) {
      case 'GET /archive/{visitId}/download':
      case 'GET /archive/{visitId}/documents/{docId}/download': {
        const docId = event.routeKey.endsWith('{docId}/download') ? pathParam(event, 'docId') : undefined;
        const { url, document } = await downloadArchived(
          { store, archive: archiveStore() },
          visitId,
          docId,
          context.user.email,
        );
        logger.info('archived document downloaded', { visitId, documentId: document.id });
        return redirect(url, 302);
      }
      default: {
        const record = await archiveRecord(store, visitId);
        if (asJson) return json(200, record);
        return sendPage(event, 200, archiveRecordPage(viewerOf(event, context.user), record));
      }
    }
  });
