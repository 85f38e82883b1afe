/**
 * AwaitDecision, the callback of the waits decided through an emailed link: an approver's decision on the agenda,
 * the requester's revision, the chair's sign-off of the minutes. The link is signed with the current key, and
 * only its hash is stored; the first notice carries the document to decide on.
 */

import { moveApproval } from '#domain/actions/move-approval.ts';
import { documentFilename } from '#domain/document-filename.ts';
import { type Deps, DOCX, linkFor, type NoticeExtra, SYSTEM } from '#domain/lifecycle.ts';
import { newNonce, tokenHash } from '#domain/links.ts';
import type { Approval, MailAttachment } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { assertWaitKind, openWait, type WaitInput } from './waiting.ts';

function linkPath(approval: Pick<Approval, 'kind' | 'visitId'>, token: string): string {
  return approval.kind === 'revision' ? `/visits/${approval.visitId}/revise/${token}` : `/approve/${token}`;
}

/** A new link's credentials for an approval: the current key's id, a fresh nonce, and the token's hash. */
export async function linkCredentials(
  deps: Pick<Deps, 'links'>,
  visitId: string,
  approvalId: string,
): Promise<Pick<Approval, 'keyId' | 'nonce' | 'tokenHash'>> {
  const { id: keyId } = await deps.links.current();
  const nonce = newNonce();
  const token = await linkFor(deps, { visitId, id: approvalId, keyId, nonce });
  return { keyId, nonce, tokenHash: tokenHash(token) };
}

/**
 * What a notice asking for a decision carries: the approval's link, and the document's number; the first notice
 * (`reminders` 0) attaches the document, reminders carry the link alone.
 */
export async function askToDecide(
  deps: Pick<Deps, 'store' | 'documents' | 'links' | 'publicUrl'>,
  visit: Visit,
  approval: Approval,
  reminders: number,
): Promise<Pick<NoticeExtra, 'link' | 'documentNumber' | 'attachments'>> {
  const link = `${deps.publicUrl}${linkPath(approval, await linkFor(deps, approval))}`;
  const doc = approval.documentId ? await deps.store.getDocument(visit.id, approval.documentId) : undefined;
  if (!doc) return { link };
  const attachments: MailAttachment[] =
    reminders === 0
      ? [
          {
            filename: documentFilename(doc, visit.id),
            contentType: DOCX,
            content: await deps.documents.get(doc.key),
          },
        ]
      : [];
  return { link, documentNumber: doc.number, ...(attachments.length ? { attachments } : {}) };
}

export async function awaitDecision(
  deps: Pick<
    Deps,
    'store' | 'clock' | 'mailer' | 'compose' | 'documents' | 'links' | 'publicUrl' | 'directory'
  >,
  input: WaitInput,
): Promise<void> {
  assertWaitKind('AwaitDecision', input.wait, ['agenda', 'revision', 'minutes']);
  await openWait(deps, input, {
    credentials: (visitId, approvalId) => linkCredentials(deps, visitId, approvalId),
    ask: (visit, approval, wait) => askToDecide(deps, visit, approval, wait.reminders),
    move: async (approval, to, reason) => {
      await moveApproval(deps, approval.visitId, approval.id, to, { reason, by: SYSTEM });
    },
  });
}
