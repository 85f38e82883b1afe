/**
 * The archive index of the VisitStore: one item per scope an archived visit can be searched by, all under the
 * visit's PK with SK = ARCHIDX#<scope> and GSI1 = ARCHIVE#<scope> / <startDate>#<visitId>. The scopes: ALL, P#<province>
 * (either side's), A#<agencyId> (either side), and AP#<agencyId>#<the other side's province>, so that every search
 * reads exactly one partition, newest first.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { findAgency } from '#domain/agencies.ts';
import { MalformedRequestError } from '#domain/errors.ts';
import type { ArchiveEntry, ArchiveQuery, VisitStore } from '#domain/ports.ts';
import {
  clean,
  decodeCursor,
  encodeCursor,
  type Item,
  pageSize,
  stripKeys,
  type VisitTable,
  visitPk,
} from './table.ts';

export type ArchiveIndexItems = Pick<VisitStore, 'putArchiveEntry' | 'getArchiveEntry' | 'queryArchive'>;

function archiveScopes(entry: ArchiveEntry): string[] {
  const scopes = new Set<string>(['ALL']);
  scopes.add(`P#${entry.hostProvince.normalize('NFC')}`);
  scopes.add(`P#${entry.visitingProvince.normalize('NFC')}`);
  scopes.add(`A#${entry.hostAgencyId}`);
  scopes.add(`A#${entry.visitingAgencyId}`);
  // an agency together with the other side's province: a search by both reads exactly its page
  scopes.add(`AP#${entry.hostAgencyId}#${entry.visitingProvince.normalize('NFC')}`);
  scopes.add(`AP#${entry.visitingAgencyId}#${entry.hostProvince.normalize('NFC')}`);
  return [...scopes];
}

/**
 * The index partition that answers a search exactly: agency and province (the agency's own province adds nothing:
 * every visit of an agency involves it), else agency, else province, else all.
 */
function archiveScope(query: ArchiveQuery, province: string | undefined): string {
  if (query.agencyId && province) {
    const own = findAgency(query.agencyId)?.province.normalize('NFC');
    return own === province ? `A#${query.agencyId}` : `AP#${query.agencyId}#${province}`;
  }
  if (query.agencyId) return `A#${query.agencyId}`;
  return province ? `P#${province}` : 'ALL';
}

export function archiveIndexItems(table: VisitTable): ArchiveIndexItems {
  return {
    async putArchiveEntry(entry) {
      const data = clean(entry);
      for (const scope of archiveScopes(entry)) {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...data,
              PK: visitPk(entry.visitId),
              SK: `ARCHIDX#${scope}`,
              GSI1PK: `ARCHIVE#${scope}`,
              GSI1SK: `${entry.date}#${entry.visitId}`,
            },
          }),
        );
      }
    },

    async getArchiveEntry(visitId) {
      const item = await table.get(visitPk(visitId), 'ARCHIDX#ALL');
      return item ? stripKeys<ArchiveEntry>(item) : undefined;
    },

    async queryArchive(query: ArchiveQuery) {
      const limit = pageSize(query.limit);
      const province = query.province?.normalize('NFC');
      const scope = archiveScope(query, province);
      const pk = `ARCHIVE#${scope}`;
      const names: Record<string, string> = { '#pk': 'GSI1PK' };
      const values: Item = { ':pk': pk };
      let keyCondition = '#pk = :pk';
      if (query.from || query.to) names['#sk'] = 'GSI1SK';
      // the sort key is <date>#<visitId>: "to" takes the whole day ('\uffff' sorts after any id)
      if (query.from && query.to) {
        keyCondition += ' AND #sk BETWEEN :from AND :to';
        values[':from'] = query.from;
        values[':to'] = `${query.to}#\uffff`;
      } else if (query.from) {
        keyCondition += ' AND #sk >= :from';
        values[':from'] = query.from;
      } else if (query.to) {
        keyCondition += ' AND #sk <= :to';
        values[':to'] = `${query.to}#\uffff`;
      }
      let start: Item | undefined;
      if (query.cursor) {
        start = decodeCursor(query.cursor);
        if (start.GSI1PK !== pk) {
          throw new MalformedRequestError({
            vi: 'Con trỏ trang không khớp với điều kiện tìm kiếm',
            en: 'The page cursor does not match the search',
          });
        }
      }
      const items: ArchiveEntry[] = [];
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: 'GSI1',
            KeyConditionExpression: keyCondition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            // never more than the page still needs, so the last key read is exactly where the next page starts
            Limit: limit - items.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) items.push(stripKeys<ArchiveEntry>(item));
        start = out.LastEvaluatedKey;
      } while (start && items.length < limit);
      return { items, cursor: start ? encodeCursor(start) : undefined };
    },
  };
}
