/**
 * The visit items of the VisitStore: SK = VISIT under the visit's PK, found by agency (GSI1 = AGENCY#<visiting>,
 * GSI2 = AGENCY#<host>, both / <createdAt>#<id>) and by status (GSI3 = STATUS#<status> / <updatedAt>#<id>).
 * A visit changes only at the version it was read at, and only along an allowed transition.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { appClock } from '#adapters/clock.ts';
import { decodeCursor, encodeCursor } from '#adapters/page-cursor.ts';
import { InvalidTransitionError, VersionConflictError, VisitNotFoundError } from '#domain/errors.ts';
import type { Page, VisitStore } from '#domain/ports.ts';
import { canTransition, STATUSES, type Visit, type VisitStatus } from '#domain/visit.ts';
import {
  clean,
  ID_PART,
  type Item,
  oneOf,
  pageSize,
  patchUpdate,
  stripKeys,
  type VisitTable,
  visitPk,
} from './table.ts';

export type VisitItems = Pick<
  VisitStore,
  'createVisit' | 'getVisit' | 'updateVisit' | 'listVisitsByAgency' | 'listVisitsByStatus'
>;

/** The sort key of the visit indexes: `<createdAt or updatedAt>#<visit id>`. */
const VISIT_SORT_KEY = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[0-9:.]{5,18}(Z|[+-]\\d{2}:\\d{2})#${ID_PART}$`);

function visitItem(visit: Visit): Item {
  const sk = `${visit.createdAt}#${visit.id}`;
  return {
    ...clean(visit),
    PK: visitPk(visit.id),
    SK: 'VISIT',
    GSI1PK: `AGENCY#${visit.request.visitingAgencyId}`,
    GSI1SK: sk,
    GSI2PK: `AGENCY#${visit.request.hostAgencyId}`,
    GSI2SK: sk,
    GSI3PK: `STATUS#${visit.status}`,
    GSI3SK: `${visit.updatedAt}#${visit.id}`,
  };
}

export function visitItems(table: VisitTable): VisitItems {
  /**
   * Newest-first pages over one or more overloaded indexes with the same sort key shape: the cursor is the last
   * sort key returned, and each index is read below it; one item more than the page tells whether more follow.
   */
  const newestFirst = async (
    sources: { index: string; pk: string }[],
    opts: { cursor?: string; limit?: number; below?: string },
  ): Promise<Page<Visit>> => {
    const limit = pageSize(opts.limit);
    // the cursor's position is below any bound the first page had
    const before = opts.cursor ? decodeCursor(opts.cursor, { before: VISIT_SORT_KEY }).before : opts.below;
    const results = await Promise.all(
      sources.map(async ({ index, pk }) => {
        const { Items } = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: index,
            KeyConditionExpression: before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
            ExpressionAttributeNames: before
              ? { '#pk': `${index}PK`, '#sk': `${index}SK` }
              : { '#pk': `${index}PK` },
            ExpressionAttributeValues: before ? { ':pk': pk, ':before': before } : { ':pk': pk },
            ScanIndexForward: false,
            Limit: limit + 1,
          }),
        );
        return (Items ?? []).map((item) => ({ sk: String(item[`${index}SK`]), item }));
      }),
    );
    const seen = new Set<string>();
    const merged = results
      .flat()
      .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0))
      .filter(({ sk }) => {
        if (seen.has(sk)) return false;
        seen.add(sk);
        return true;
      });
    const page = merged.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ item }) => stripKeys<Visit>(item)),
      cursor: merged.length > limit && last ? encodeCursor({ before: last.sk }) : undefined,
    };
  };

  return {
    async createVisit(visit) {
      if (await table.putNew(visitItem(visit))) return true;
      const existing = await table.get(visitPk(visit.id), 'VISIT');
      const owner = (existing as Partial<Visit> | undefined)?.owner;
      if (owner?.email !== visit.owner.email) throw new VersionConflictError();
      return false;
    },

    async getVisit(id) {
      const item = await table.get(visitPk(id), 'VISIT');
      return item ? stripKeys<Visit>(item) : undefined;
    },

    async updateVisit(id, expectedVersion, patch) {
      const to = patch.status;
      const fields: Item = { ...patch, updatedAt: patch.updatedAt ?? appClock.now().toISOString() };
      const update = patchUpdate(
        fields,
        { '#version': 'version' },
        { ':expected': expectedVersion, ':one': 1 },
      );
      update.set.push('#version = #version + :one', 'GSI3SK = :gsi3sk');
      update.values[':gsi3sk'] = `${fields.updatedAt}#${id}`;
      let condition = '#version = :expected';
      if (to) {
        update.set.push('GSI3PK = :gsi3pk');
        update.values[':gsi3pk'] = `STATUS#${to}`;
        const from = STATUSES.filter((s) => canTransition(s, to));
        update.names['#status'] = 'status';
        condition +=
          from.length === 0
            ? ' AND attribute_not_exists(#status)'
            : ` AND ${oneOf('#status', from, update.values)}`;
      }
      const updated = await table.updateIf({ PK: visitPk(id), SK: 'VISIT' }, update, condition);
      if (updated) return stripKeys<Visit>(updated);
      const current = await table.get(visitPk(id), 'VISIT');
      if (!current) throw new VisitNotFoundError();
      if (current.version !== expectedVersion) throw new VersionConflictError();
      const status = current.status as VisitStatus;
      if (to && !canTransition(status, to)) throw new InvalidTransitionError(status, to);
      throw new VersionConflictError();
    },

    listVisitsByAgency(agencyId, opts = {}) {
      return newestFirst(
        [
          { index: 'GSI1', pk: `AGENCY#${agencyId}` },
          { index: 'GSI2', pk: `AGENCY#${agencyId}` },
        ],
        opts,
      );
    },

    listVisitsByStatus(status, opts = {}) {
      const { updatedBefore, ...page } = opts;
      // the sort key is <updatedAt>#<id>: below the bare instant is every visit changed before it
      return newestFirst([{ index: 'GSI3', pk: `STATUS#${status}` }], {
        ...page,
        ...(updatedBefore ? { below: updatedBefore } : {}),
      });
    },
  };
}
