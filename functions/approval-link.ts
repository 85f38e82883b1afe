/**
 * GET /approve/{token} (shows the draft and the buttons; changes nothing), GET /approve/{token}/document (302 to
 * the draft) and POST /approve/{token} (decides, once). The link is the credential: no sign-in, no CSRF token.
 */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentLinks } from '#adapters/s3-presign.ts';
import { workflow } from '#adapters/sfn-workflow.ts';
import { type FormView, submitForm } from '#commons/forms.ts';
import { json, parseBody, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { checkedDecision, decideThroughLink, FINAL_DECISIONS } from '#domain/actions/decide-through-link.ts';
import { approvalSummary, assertOpen, decisionsOffered, resolveLink } from '#domain/approvals.ts';
import { documentFilename } from '#domain/document-filename.ts';
import { DocumentNotFoundError } from '#domain/errors.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import type { DocumentRecord, Visit } from '#domain/visit.ts';
import { approvalPage, confirmDecision, decisionRecorded } from '#templates/pages/approval.ts';
import type { Viewer } from '#templates/pages/layout.ts';

interface OpenLink {
  token: string;
  approval: Approval;
  visit: Visit;
  /** the draft to decide on */
  doc?: DocumentRecord | undefined;
  /** the visit's approvals, for the decisions made so far */
  approvals: Approval[];
}

/** The approval the link stands for; its visit keys the logs from here on. */
async function approvalOf(token: string): Promise<Approval> {
  const approval = await resolveLink({ store: visitStore(), links: linkKeys() }, token, [
    'agenda',
    'minutes',
  ]);
  logger.appendKeys({ visitId: approval.visitId });
  return approval;
}

/** A link still waiting for its decision, with its visit and the draft. */
async function openLink(token: string): Promise<OpenLink> {
  const approval = await approvalOf(token);
  assertOpen(approval, appClock);
  const store = visitStore();
  const visit = await loadVisit(store, approval.visitId);
  const [doc, approvals] = await Promise.all([
    approval.documentId ? store.getDocument(visit.id, approval.documentId) : undefined,
    store.listApprovals(visit.id),
  ]);
  return { token, approval, visit, doc, approvals };
}

/** The draft and the decision form, with what was typed and the errors beside their fields. */
function decisionForm(viewer: Viewer, link: OpenLink) {
  return (values: Record<string, unknown>, errors: Record<string, string>, view?: FormView) =>
    approvalPage(view ? { ...viewer, lang: view.lang } : viewer, {
      approval: link.approval,
      visit: link.visit,
      ...(link.doc ? { document: link.doc } : {}),
      token: link.token,
      decisions: decisionsOffered(link.approval),
      approvals: link.approvals,
      state: { lang: view?.lang ?? viewer.lang, values, errors },
    });
}

const deps = () => ({ store: visitStore(), workflow: workflow(), clock: appClock });

export const handler = http('approvalLink', {
  'GET /approve/{token}': async (req) => {
    const link = await openLink(req.params.token);
    const { approval, visit, doc } = link;
    return req.answer(
      200,
      {
        ...approvalSummary(approval, visit),
        document: doc
          ? { number: doc.number, version: doc.version, sha256: doc.sha256, size: doc.size }
          : undefined,
      },
      () => decisionForm(req.viewer, link)({}, {}),
    );
  },

  'GET /approve/{token}/document': async ({ params }) => {
    const { visit, doc } = await openLink(params.token);
    if (!doc) throw new DocumentNotFoundError();
    return redirect(
      await documentLinks().getUrl(doc.key, { filename: documentFilename(doc, visit.id) }),
      302,
    );
  },

  'POST /approve/{token}': async (req) => {
    if (req.wantsJson) {
      const approval = await approvalOf(req.params.token);
      const decided = await decideThroughLink(deps(), approval, parseBody(req.event));
      logger.info('decision recorded', { decision: decided.decision, kind: approval.kind });
      return json(200, { visitId: approval.visitId, decision: decided.decision });
    }
    const link = await openLink(req.params.token);
    const outcome = await submitForm(
      req.event,
      { rows: {}, csrf: false, render: decisionForm(req.viewer, link) },
      async (input) => {
        // a browser's approve or reject is final: it asks once more before it is posted with confirm=yes
        const checked = checkedDecision(link.approval, input);
        if (FINAL_DECISIONS.includes(checked.decision) && input.confirm !== 'yes')
          return { confirm: checked };
        return decideThroughLink(deps(), link.approval, input);
      },
    );
    if ('page' in outcome) return outcome.page;
    if ('confirm' in outcome.done)
      return req.page(
        confirmDecision(req.viewer, {
          token: link.token,
          ...outcome.done.confirm,
          kind: link.approval.kind,
          visit: link.visit,
        }),
      );
    logger.info('decision recorded', { decision: outcome.done.decision, kind: link.approval.kind });
    return req.page(
      decisionRecorded(req.viewer, {
        decision: outcome.done.decision ?? '',
        kind: link.approval.kind,
        visit: link.visit,
        ...(outcome.done.comment ? { comment: outcome.done.comment } : {}),
      }),
    );
  },
});
