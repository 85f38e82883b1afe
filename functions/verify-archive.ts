/**
 * GET /archive/{visitId}/verify: re-reads the archived bytes and the event chain, and checks each issued PDF's
 * signature (over the stored bytes, covering the whole file, chaining to a configured root). Auditors only; HTML
 * for a browser, JSON on request. A function of its own: the PKI library that verifies signatures stays out of
 * the archive's browsing and downloads.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { archiveStore } from '#adapters/s3-document-store.ts';
import { configuredRoots } from '#adapters/trust-roots.ts';
import { httpErrors, json, type Result } from '#commons/http.ts';
import { type IdentityContext, requireUser, wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pageErrors, sendPage, viewerOf } from '#commons/pages.ts';
import { pathParam } from '#commons/routes.ts';
import { loadArchiveEntry } from '#domain/archive/record.ts';
import { verifyArchive } from '#domain/archive/verify.ts';
import { archiveVerifyPage } from '#templates/pages/archive.ts';

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(
    httpErrors({
      report: (error) => logger.error('archive verification failed', { error: error as Error }),
      page: pageErrors,
    }),
  )
  .use(requireUser({ roles: ['auditor'] }))
  .handler(async (event, context) => {
    const store = visitStore();
    const visitId = pathParam(event, 'visitId');
    const entry = await loadArchiveEntry(store, visitId);
    const verifyPdf = pdfSignatureVerifier(configuredRoots());
    const result = await verifyArchive({ store, archive: archiveStore(), verifyPdf }, visitId);
    if (!result.intact)
      logger.warn('archive verification found problems', { visitId, problems: result.problems });
    if (wantsJson(event)) return json(200, result);
    return sendPage(
      event,
      200,
      archiveVerifyPage(viewerOf(event, context.user), { visitId, title: entry.title, result }),
    );
  });
