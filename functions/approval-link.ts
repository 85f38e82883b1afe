/**
 * GET /approve/{token} (shows the draft and the buttons; changes nothing), GET /approve/{token}/document (302 to
 * the draft) and POST /approve/{token} (decides, once). The link is the credential: no sign-in.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, parseBody, type Result, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { pathParam } from '#commons/routes.ts';
import { approvalSummary, assertOpen, decideThroughLink, resolveLink } from '#domain/approvals.ts';
import { appClock } from '#domain/clock.ts';
import { DocumentNotFoundError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';

export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(httpErrors({ report: (error) => logger.error('approval link failed', { error: error as Error }) }))
  .handler(async (event) => {
    const store = visitStore();
    const approval = await resolveLink({ store, links: linkKeys() }, pathParam(event, 'token'), [
      'agenda',
      'minutes',
    ]);
    logger.appendKeys({ visitId: approval.visitId });
    if (event.routeKey === 'POST /approve/{token}') {
      const decided = await decideThroughLink(
        { store, workflow: workflow(), clock: appClock },
        approval,
        parseBody(event),
      );
      logger.info('decision recorded', { decision: decided.decision, kind: approval.kind });
      return json(200, { visitId: approval.visitId, decision: decided.decision });
    }
    assertOpen(approval, appClock);
    const visit = await loadVisit(store, approval.visitId);
    const doc = approval.documentId ? await store.getDocument(visit.id, approval.documentId) : undefined;
    if (event.routeKey === 'GET /approve/{token}/document') {
      if (!doc) throw new DocumentNotFoundError();
      const prefix = doc.kind === 'agenda' ? 'ChuongTrinh' : 'BienBan';
      return redirect(
        await documentStore().downloadUrl(doc.key, {
          filename: `${prefix}-${doc.number.replace('/', '-')}-v${doc.version}.docx`,
        }),
        302,
      );
    }
    return json(200, {
      ...approvalSummary(approval, visit),
      document: doc
        ? { number: doc.number, version: doc.version, sha256: doc.sha256, size: doc.size }
        : undefined,
    });
  });
