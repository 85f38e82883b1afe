/**
 * POST /visits/{id}/report: the host secretary issues the follow-up report on the visit's action items (Báo cáo kết
 * quả thực hiện), a DOCX in the host's format, numbered from the agency's report counter and stored beside the visit.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { readPost } from '#commons/csrf.ts';
import { json, redirect } from '#commons/http.ts';
import { http } from '#commons/routes.ts';
import { ForbiddenError } from '#domain/errors.ts';
import { issueReport } from '#domain/follow-up/report.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import { TEMPLATE_VERSION } from '#templates/doc-format.ts';
import { buildReport } from '#templates/report.ts';

export const handler = http('followUpReport', {
  'POST /visits/{id}/report': {
    roles: ['secretary'],
    handle: async (req) => {
      // a browser's form carries its CSRF token; the post has nothing else to read
      readPost(req.event);
      const visit = await loadVisit(visitStore(), req.params.id);
      if (visit.request.hostAgencyId !== req.user.agencyId) throw new ForbiddenError();
      const doc = await issueReport(
        {
          store: visitStore(),
          actions: actionStore(),
          documents: documentStore(),
          clock: appClock,
          directory: req.directory,
        },
        visit.id,
        buildReport,
        TEMPLATE_VERSION,
        req.user.email,
      );
      if (req.wantsJson) return json(201, { documentId: doc.id, number: doc.number });
      return redirect(`/visits/${encodeURIComponent(visit.id)}#documents`);
    },
  },
});
