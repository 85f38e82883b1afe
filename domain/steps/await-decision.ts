/**
 * AwaitDecision, the callback of the waits decided through an emailed link: an approver's decision on the agenda,
 * the requester's revision, the chair's sign-off of the minutes. The link is signed with the current key, and
 * only its hash is stored; the first notice carries the document to decide on.
 */
import { documentFilename } from '#domain/document-filename.ts';
import { type Deps, DOCX, linkFor } from '#domain/lifecycle.ts';
import { newNonce, tokenHash } from '#domain/links.ts';
import type { Approval, MailAttachment } from '#domain/ports.ts';
import { assertWaitKind, openWait, type WaitInput } from './waiting.ts';

function linkPath(approval: Pick<Approval, 'kind' | 'visitId'>, token: string): string {
  return approval.kind === 'revision' ? `/visits/${approval.visitId}/revise/${token}` : `/approve/${token}`;
}

export async function awaitDecision(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'documents' | 'links' | 'publicUrl'>,
  input: WaitInput,
): Promise<void> {
  assertWaitKind('AwaitDecision', input.wait, ['agenda', 'revision', 'minutes']);
  await openWait(deps, input, {
    async credentials(visitId, approvalId) {
      const { id: keyId } = await deps.links.current();
      const nonce = newNonce();
      const token = await linkFor(deps, { visitId, id: approvalId, keyId, nonce });
      return { keyId, nonce, tokenHash: tokenHash(token) };
    },
    async ask(visit, approval, wait) {
      const link = `${deps.publicUrl}${linkPath(approval, await linkFor(deps, approval))}`;
      const doc = approval.documentId
        ? await deps.store.getDocument(visit.id, approval.documentId)
        : undefined;
      if (!doc) return { link };
      // reminders carry the link alone: the document went with the first notice
      const attachments: MailAttachment[] =
        wait.reminders === 0
          ? [
              {
                filename: documentFilename(doc, visit.id),
                contentType: DOCX,
                content: await deps.documents.get(doc.key),
              },
            ]
          : [];
      return { link, documentNumber: doc.number, ...(attachments.length ? { attachments } : {}) };
    },
  });
}
