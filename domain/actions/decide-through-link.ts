/**
 * An approver's decision posted through the emailed link: checked against what the link offers (a comment is
 * required with changes or a rejection) and settled once, whoever clicks twice or concurrently.
 */
import { assertOpen, decisionsOffered } from '#domain/approvals.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import type { CallbackResult, Deps } from '#domain/lifecycle.ts';
import type { Approval } from '#domain/ports.ts';
import { settleApproval } from './settle-approval.ts';

export async function decideThroughLink(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  body: Record<string, unknown>,
): Promise<Approval> {
  assertOpen(approval, deps.clock);
  const decision = typeof body.decision === 'string' ? body.decision : '';
  const comment = typeof body.comment === 'string' ? body.comment.normalize('NFC').trim().slice(0, 4000) : '';
  const offered = decisionsOffered(approval);
  const fields: FieldErrors = {};
  if (!offered.includes(decision as CallbackResult['decision']))
    fields.decision = {
      vi: `chỉ được chọn ${offered.join(', ')}`,
      en: `must be one of ${offered.join(', ')}`,
    };
  else if (decision !== 'approve' && comment === '')
    fields.comment = {
      vi: 'bắt buộc khi yêu cầu chỉnh sửa hoặc từ chối',
      en: 'required when requesting changes or rejecting',
    };
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return settleApproval(deps, approval, {
    decision: decision as CallbackResult['decision'],
    ...(comment ? { comment } : {}),
    by: approval.person.email,
  });
}
