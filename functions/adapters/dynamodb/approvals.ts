/**
 * The approvals of the VisitStore: SK = APPROVAL#<approvalId> under the visit's PK. The first approval stored under
 * an id stays; it changes only from the statuses a caller names, and, when asked, only once its lease has expired.
 */
import type { Approval, ApprovalStatus, VisitStore } from '#domain/ports.ts';
import { clean, oneOf, patchUpdate, stripKeys, type VisitTable, visitPk } from './table.ts';

export type ApprovalItems = Pick<
  VisitStore,
  'putApproval' | 'getApproval' | 'listApprovals' | 'updateApproval'
>;

export function approvalItems(table: VisitTable): ApprovalItems {
  return {
    async putApproval(approval) {
      // idempotent: the approval first stored under this id stays; later changes go through updateApproval
      await table.putNew({
        ...clean(approval),
        PK: visitPk(approval.visitId),
        SK: `APPROVAL#${approval.id}`,
      });
    },

    async getApproval(visitId, approvalId) {
      const item = await table.get(visitPk(visitId), `APPROVAL#${approvalId}`);
      return item ? stripKeys<Approval>(item) : undefined;
    },

    async listApprovals(visitId) {
      return (await table.underVisit(visitId, 'APPROVAL#')).map((item) => stripKeys<Approval>(item));
    },

    async updateApproval(visitId, approvalId, from: ApprovalStatus[], patch, extraCondition) {
      if (from.length === 0) return undefined;
      const update = patchUpdate(patch, { '#status': 'status' });
      if (update.set.length + update.remove.length === 0) update.set.push('#status = #status');
      let condition = oneOf('#status', from, update.values);
      if (extraCondition?.leaseExpiredBefore !== undefined) {
        update.names['#lease'] = 'leaseUntil';
        update.values[':leaseBefore'] = extraCondition.leaseExpiredBefore;
        condition += ' AND (attribute_not_exists(#lease) OR #lease < :leaseBefore)';
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
