/**
 * The auditors' routes (API.md, Auditors): GET /archive (search), /archive/{visitId} (record and event trail),
 * /archive/{visitId}/download and /archive/{visitId}/documents/{docId}/download (each logged as an event first,
 * then 302 to a URL valid at most 5 minutes) and /archive/{visitId}/verify. HTML for a browser, JSON on request.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { archiveStore } from '#adapters/s3-document-store.ts';
import { type ErrorPage, html, httpErrors, json, langOf, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, readIdentity, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pathParam } from '#commons/routes.ts';
import { listAgencies } from '#domain/agencies.ts';
import {
  archiveProvinces,
  archiveRecord,
  downloadArchived,
  loadArchiveEntry,
  searchArchive,
  validateArchiveSearch,
  verifyArchive,
} from '#domain/archive.ts';
import { ValidationError } from '#domain/errors.ts';
import type { ArchiveEntry } from '#domain/ports.ts';
import {
  archiveErrorPage,
  archiveRecordPage,
  archiveSearchPage,
  archiveVerifyPage,
  type SearchValues,
} from '#templates/pages/archive.ts';

const AGENCIES = listAgencies().map((a) => ({ id: a.id, name: a.name, province: a.province }));
const PROVINCES = archiveProvinces();
const SEARCH_KEYS = ['from', 'to', 'province', 'agencyId'] as const;

/** The shell's details for a page: language, who is signed in, the path (for the language switch). */
function shell(event: APIGatewayProxyEventV2) {
  const identity = readIdentity(event);
  return {
    lang: langOf(event),
    path: `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`,
    ...(identity ? { user: { name: identity.name, roles: identity.roles } } : {}),
  };
}

function typed(event: APIGatewayProxyEventV2): SearchValues {
  const q = event.queryStringParameters ?? {};
  return Object.fromEntries(SEARCH_KEYS.filter((k) => q[k]).map((k) => [k, q[k]]));
}

/** /archive?… for the same search, with a cursor or without (the first page). */
function searchHref(event: APIGatewayProxyEventV2, cursor?: string): string {
  const q = event.queryStringParameters ?? {};
  const params = new URLSearchParams();
  for (const k of [...SEARCH_KEYS, 'lang', 'limit'] as const) {
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

/** A browser sees errors on a page: the search form with the reasons beside the fields, or an error page. */
const errorPage: ErrorPage = (error, lang, event) => {
  if (error instanceof ValidationError && event.routeKey === 'GET /archive') {
    const errors = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, v[lang]]));
    return html(
      error.status,
      archiveSearchPage({
        ...shell(event),
        values: typed(event),
        errors,
        provinces: PROVINCES,
        agencies: AGENCIES,
      }),
    );
  }
  return html(
    error.status,
    archiveErrorPage({ ...shell(event), status: error.status, message: error.text[lang] }),
  );
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
      return html(
        200,
        archiveSearchPage({
          ...shell(event),
          values: typed(event),
          provinces: PROVINCES,
          agencies: AGENCIES,
          items: page.items,
          ...(page.cursor ? { nextHref: searchHref(event, page.cursor) } : {}),
          paged: Boolean(query.cursor),
          firstHref: searchHref(event),
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
      case 'GET /archive/{visitId}/verify': {
        const entry = await loadArchiveEntry(store, visitId);
        const result = await verifyArchive({ store, archive: archiveStore() }, visitId);
        if (!result.intact)
          logger.warn('archive verification found problems', { visitId, problems: result.problems });
        if (asJson) return json(200, result);
        return html(200, archiveVerifyPage({ ...shell(event), visitId, title: entry.title, result }));
      }
      default: {
        const record = await archiveRecord(store, visitId);
        if (asJson) return json(200, record);
        return html(200, archiveRecordPage({ ...shell(event), record }));
      }
    }
  });
