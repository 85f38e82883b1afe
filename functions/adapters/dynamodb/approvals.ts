/**
 * The approvals of the VisitStore: SK = APPROVAL#<approvalId> under the visit's PK; while open, indexed under their
 * holder (GSI1 = HOLDER#<email> / <createdAt>#<visit>#<id>), so a person's open approvals are found without a Scan.
 * The first approval stored under an id stays; it changes only from the statuses a caller names, and, when asked,
 * only once its lease has expired.
 */
import type { Approval, ApprovalStatus, VisitStore } from '#domain/ports.ts';
import { clean, type Item, oneOf, patchUpdate, stripKeys, type VisitTable, visitPk } from './table.ts';

export type ApprovalItems = Pick<
  VisitStore,
  'putApproval' | 'getApproval' | 'listApprovals' | 'listOpenApprovalsOf' | 'updateApproval'
>;

const OPEN_APPROVAL = new Set<ApprovalStatus>(['PENDING', 'CLAIMED']);

/** An approval item, indexed under its holder while it is open. */
function approvalItem(approval: Approval): Item {
  return {
    ...clean(approval),
    PK: visitPk(approval.visitId),
    SK: `APPROVAL#${approval.id}`,
    ...(OPEN_APPROVAL.has(approval.status)
      ? {
          GSI1PK: `HOLDER#${approval.person.email.toLowerCase()}`,
          GSI1SK: `${approval.createdAt}#${approval.visitId}#${approval.id}`,
        }
      : {}),
  };
}

export function approvalItems(table: VisitTable): ApprovalItems {
  return {
    async putApproval(approval) {
      // idempotent: the approval first stored under this id stays; later changes go through updateApproval
      await table.putNew(approvalItem(approval));
    },

    async getApproval(visitId, approvalId) {
      const item = await table.get(visitPk(visitId), `APPROVAL#${approvalId}`);
      return item ? stripKeys<Approval>(item) : undefined;
    },

    async listApprovals(visitId) {
      return (await table.underVisit(visitId, 'APPROVAL#')).map((item) => stripKeys<Approval>(item));
    },

    async listOpenApprovalsOf(email) {
      const items = await table.queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `HOLDER#${email.toLowerCase()}` },
      });
      return items.map((item) => stripKeys<Approval>(item)).filter((a) => OPEN_APPROVAL.has(a.status));
    },

    async updateApproval(visitId, approvalId, from: ApprovalStatus[], patch, extraCondition) {
      if (from.length === 0) return undefined;
      const update = patchUpdate(patch, { '#status': 'status' });
      // a closed approval leaves its holder's list
      if (patch.status && !OPEN_APPROVAL.has(patch.status)) update.remove.push('GSI1PK', 'GSI1SK');
      if (update.set.length + update.remove.length === 0) update.set.push('#status = #status');
      let condition = oneOf('#status', from, update.values);
      if (extraCondition?.leaseExpiredBefore !== undefined) {
        update.names['#lease'] = 'leaseUntil';
        update.values[':leaseBefore'] = extraCondition.leaseExpiredBefore;
        condition += ' AND (attribute_not_exists(#lease) OR #lease < :leaseBefore)';
      }
      if (extraCondition?.mailedBefore !== undefined) {
        update.names['#mailed'] = 'mailedAt';
        update.values[':mailedBefore'] = extraCondition.mailedBefore;
        condition += ' AND (attribute_not_exists(#mailed) OR #mailed < :mailedBefore)';
      }
      const updated = await table.updateIf(
        { PK: visitPk(visitId), SK: `APPROVAL#${approvalId}` },
        update,
        condition,
      );
      return updated ? stripKeys<Approval>(updated) : undefined;
    },
  };
}
