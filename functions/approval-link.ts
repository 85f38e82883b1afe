/**
 * GET /approve/{token} (shows the draft and the buttons; changes nothing), GET /approve/{token}/document (302 to
 * the draft) and POST /approve/{token} (decides, once). The link is the credential: no sign-in, no CSRF token.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentLinks } from '#adapters/s3-presign.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { httpErrors, json, parseBody, type Result, redirect } from '#commons/http.ts';
import { wantsJson } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pageErrors, sendPage, submitForm, viewerOf } from '#commons/pages.ts';
import { pathParam } from '#commons/routes.ts';
import {
  approvalSummary,
  assertOpen,
  decideThroughLink,
  decisionsOffered,
  resolveLink,
} from '#domain/approvals.ts';
import { appClock } from '#domain/clock.ts';
import { documentFilename } from '#domain/document-filename.ts';
import { DocumentNotFoundError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import { approvalPage, decisionRecorded } from '#templates/pages/approval.ts';

export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(
    httpErrors({
      report: (error) => logger.error('approval link failed', { error: error as Error }),
      page: pageErrors,
    }),
  )
  .handler(async (event) => {
    const store = visitStore();
    const token = pathParam(event, 'token');
    const approval = await resolveLink({ store, links: linkKeys() }, token, ['agenda', 'minutes']);
    logger.appendKeys({ visitId: approval.visitId });
    const browser = !wantsJson(event);
    const viewer = viewerOf(event);
    const draft = async () => {
      const visit = await loadVisit(store, approval.visitId);
      const doc = approval.documentId ? await store.getDocument(visit.id, approval.documentId) : undefined;
      return { visit, doc };
    };
    const deps = { store, workflow: workflow(), clock: appClock };
    if (event.routeKey === 'POST /approve/{token}') {
      if (browser) {
        assertOpen(approval, appClock);
        const { visit, doc } = await draft();
        const render = (values: Record<string, unknown>, errors: Record<string, string>) =>
          approvalPage(viewer, {
            approval,
            visit,
            ...(doc ? { document: doc } : {}),
            token,
            decisions: decisionsOffered(approval),
            state: { lang: viewer.lang, values, errors },
          });
        const outcome = await submitForm(event, { rows: {}, csrf: false, render }, (input) =>
          decideThroughLink(deps, approval, input),
        );
        if ('page' in outcome) return outcome.page;
        logger.info('decision recorded', { decision: outcome.done.decision, kind: approval.kind });
        return sendPage(
          event,
          200,
          decisionRecorded(viewer, {
            decision: outcome.done.decision ?? '',
            kind: approval.kind,
            visit,
            ...(outcome.done.comment ? { comment: outcome.done.comment } : {}),
          }),
        );
      }
      const decided = await decideThroughLink(deps, approval, parseBody(event));
      logger.info('decision recorded', { decision: decided.decision, kind: approval.kind });
      return json(200, { visitId: approval.visitId, decision: decided.decision });
    }
    assertOpen(approval, appClock);
    const { visit, doc } = await draft();
    if (event.routeKey === 'GET /approve/{token}/document') {
      if (!doc) throw new DocumentNotFoundError();
      return redirect(
        await documentLinks().getUrl(doc.key, { filename: documentFilename(doc, visit.id) }),
        302,
      );
    }
    if (browser)
      return sendPage(
        event,
        200,
        approvalPage(viewer, {
          approval,
          visit,
          ...(doc ? { document: doc } : {}),
          token,
          decisions: decisionsOffered(approval),
          state: { lang: viewer.lang, values: {}, errors: {} },
        }),
      );
    return json(200, {
      ...approvalSummary(approval, visit),
      document: doc
        ? { number: doc.number, version: doc.version, sha256: doc.sha256, size: doc.size }
        : undefined,
    });
  });
