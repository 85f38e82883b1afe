/**
 * GET /archive/{visitId}/verify: re-reads the archived bytes and the event chain, and checks each issued PDF's
 * signature (over the stored bytes, covering the whole file, chaining to a configured root). Auditors only; HTML
 * for a browser, JSON on request. A function of its own: the PKI library that verifies signatures stays out of
 * the archive's browsing and downloads.
 */
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { archiveStore } from '#adapters/s3-document-store.ts';
import { configuredRoots } from '#adapters/trust-roots.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { loadArchiveEntry } from '#domain/archive/record.ts';
import { verifyArchive } from '#domain/archive/verify.ts';
import { archiveVerifyPage } from '#templates/pages/archive.ts';

export const handler = http('verifyArchive', {
  'GET /archive/{visitId}/verify': {
    roles: ['auditor'],
    handle: async (req) => {
      const { visitId } = req.params;
      const store = visitStore();
      const entry = await loadArchiveEntry(store, visitId);
      const verifyPdf = pdfSignatureVerifier(configuredRoots());
      const result = await verifyArchive({ store, archive: archiveStore(), verifyPdf }, visitId);
      if (!result.intact)
        logger.warn('archive verification found problems', { visitId, problems: result.problems });
      return req.answer(200, result, () =>
        archiveVerifyPage(req.viewer, { visitId, title: entry.title, result }),
      );
    },
  },
});
