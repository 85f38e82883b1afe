/**
 * An approver's decision posted through the emailed link: checked against what the link offers (a comment is
 * required with changes or a rejection) and settled once, whoever clicks twice or concurrently.
 */
import { assertOpen, decisionsOffered } from '#domain/approvals.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import type { CallbackResult, Deps } from '#domain/lifecycle.ts';
import type { Approval, Decision } from '#domain/ports.ts';
import { settleApproval } from './settle-approval.ts';

/** The decisions that end the approval's round for good (a browser confirms them before they are posted). */
export const FINAL_DECISIONS: readonly Decision[] = ['approve', 'reject'];

export interface CheckedDecision {
  decision: CallbackResult['decision'];
  comment?: string;
}

/** The decision a body posts, checked against what the link offers; a ValidationError naming each field. */
export function checkedDecision(approval: Approval, body: Record<string, unknown>): CheckedDecision {
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
  return { decision: decision as CallbackResult['decision'], ...(comment ? { comment } : {}) };
}

export async function decideThroughLink(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  body: Record<string, unknown>,
): Promise<Approval> {
  assertOpen(approval, deps.clock);
  return settleApproval(deps, approval, { ...checkedDecision(approval, body), by: approval.person.email });
}
