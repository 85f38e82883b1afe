/**
 * The auditors' routes (docs/http-api.md, Auditors): GET /archive (search), /archive/{visitId} (record and event trail),
 * /archive/{visitId}/download and /archive/{visitId}/documents/{docId}/download (each logged as an event first,
 * then 302 to a URL valid at most 5 minutes); /archive/{visitId}/verify is verify-archive.ts. HTML for a browser,
 * JSON on request.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { archiveStore } from '#adapters/s3-document-store.ts';
import { fieldMessages, json, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { trailNames } from '#commons/people.ts';
import { http } from '#commons/routes.ts';
import { archiveRecord, downloadArchived } from '#domain/archive/record.ts';
import { archiveProvinces, searchArchive, validateArchiveSearch } from '#domain/archive/search.ts';
import type { AgencyIndexEntry } from '#domain/directory/versions.ts';
import { ValidationError } from '#domain/errors.ts';
import type { ArchiveEntry, ArchiveQuery } from '#domain/ports.ts';
import { archiveRecordPage, archiveSearchPage, type SearchValues } from '#templates/pages/archive.ts';
import { typedDate } from '#templates/words/dates.ts';

const PROVINCES = archiveProvinces();

/** Every agency the archive may name, with its latest name and province (the directory's index). */
function agencyChoices(entries: readonly AgencyIndexEntry[]) {
  return entries
    .map((e) => e.versions.at(-1))
    .filter((v): v is NonNullable<typeof v> => v !== undefined)
    .map((v) => ({ id: v.id, name: v.name, province: v.province }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
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

const AUDITOR = ['auditor'] as const;

/** A download of an archived object, recorded before its URL (valid at most 5 minutes) is made. */
async function download(visitId: string, docId: string | undefined, actor: string) {
  const { url, document } = await downloadArchived(
    { store: visitStore(), archive: archiveStore() },
    visitId,
    docId,
    actor,
  );
  logger.info('archived document downloaded', { visitId, documentId: document.id });
  return redirect(url, 302);
}

export const handler = http('archive', {
  'GET /archive': {
    roles: AUDITOR,
    needs: () => ({ index: true }),
    handle: async (req) => {
      const entries = await req.directory.agencies();
      const search = { values: typed(req.event), provinces: PROVINCES, agencies: agencyChoices(entries) };
      let query: ArchiveQuery;
      try {
        // the dates as a person types them (dd/mm/yyyy) or as an API client sends them (YYYY-MM-DD)
        const { from, to, ...asked } = req.event.queryStringParameters ?? {};
        const dates = { from: typedDate(from), to: typedDate(to) } as { from?: string; to?: string };
        query = validateArchiveSearch(
          {
            ...asked,
            ...(from !== undefined && { from: dates.from }),
            ...(to !== undefined && { to: dates.to }),
          },
          entries,
        );
      } catch (error) {
        // a refused search shows the form again, with the reasons beside the fields
        if (!(error instanceof ValidationError) || req.wantsJson) throw error;
        return req.page(
          archiveSearchPage(req.viewer, { ...search, errors: fieldMessages(error, req.lang) }),
          error.status,
        );
      }
      const page = await searchArchive(visitStore(), query, entries);
      return req.answer(
        200,
        { items: page.items.map(searchItem), ...(page.cursor ? { cursor: page.cursor } : {}) },
        () =>
          archiveSearchPage(req.viewer, {
            ...search,
            items: page.items,
            ...(page.cursor ? { nextHref: searchHref(req.event, page.cursor) } : {}),
            ...(query.cursor ? { firstHref: searchHref(req.event) } : {}),
          }),
      );
    },
  },

  'GET /archive/{visitId}': {
    roles: AUDITOR,
    handle: async (req) => {
      const record = await archiveRecord(visitStore(), req.params.visitId);
      if (req.wantsJson) return json(200, record);
      // the trail names people: the visit's, its agencies', the directory's
      const visit = await visitStore().getVisit(req.params.visitId);
      const known = await trailNames(req.directory, visit, record.events);
      return req.page(archiveRecordPage(req.viewer, record, known));
    },
  },

  'GET /archive/{visitId}/download': {
    roles: AUDITOR,
    handle: async ({ params, user }) => download(params.visitId, undefined, user.email),
  },

  'GET /archive/{visitId}/documents/{docId}/download': {
    roles: AUDITOR,
    handle: async ({ params, user }) => download(params.visitId, params.docId, user.email),
  },
});
