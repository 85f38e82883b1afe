/**
 * The archive index of the VisitStore: one item per scope an archived visit can be searched by, all under the
 * visit's PK with SK = ARCHIDX#<scope> and GSI1 = ARCHIVE#<scope> / <startDate>#<visitId>. The scopes: ALL,
 * P#<province> (either side's, under its name at the visit's time and under its successors' names), A#<agencyId>
 * (either side), and AP#<agencyId>#<a side's province>, so that a search reads exactly one partition per agency it
 * names (an agency and those related to it by successions), newest first.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '#adapters/page-cursor.ts';
import { provinceAndSuccessors } from '#domain/directory/provinces.ts';
import { InvalidCursorError } from '#domain/errors.ts';
import type { ArchiveEntry, ArchiveQuery, Page, VisitStore } from '#domain/ports.ts';
import { clean, ID_PART, type Item, pageSize, stripKeys, type VisitTable, visitPk } from './table.ts';

export type ArchiveIndexItems = Pick<VisitStore, 'putArchiveEntry' | 'getArchiveEntry' | 'queryArchive'>;

/** An archive index partition's scope, compared whole with the search's own (archivePartitions). */
const ANY_SCOPE = /^.{1,300}$/u;
/** The sort key of the archive index: `<start date>#<visit id>`. */
const ARCHIVE_SORT_KEY = new RegExp(`^\\d{4}-\\d{2}-\\d{2}#${ID_PART}$`);
/** Where a read over several partitions is in one of them: not begun, read to its end, or after a sort key. */
const START = 'start';
const DONE = 'done';
const PARTITION_POSITION = new RegExp(`^(${START}|${DONE}|\\d{4}-\\d{2}-\\d{2}#${ID_PART})$`);

function archiveScopes(entry: ArchiveEntry): string[] {
  const scopes = new Set<string>(['ALL']);
  // each side's province then, and its successors: a search by either name finds the visit
  const provinces = [
    ...provinceAndSuccessors(entry.hostProvince, entry.date),
    ...provinceAndSuccessors(entry.visitingProvince, entry.date),
  ];
  for (const p of provinces) scopes.add(`P#${p}`);
  for (const agencyId of [entry.hostAgencyId, entry.visitingAgencyId]) {
    scopes.add(`A#${agencyId}`);
    // an agency together with a province: a search by both reads exactly its page
    for (const p of provinces) scopes.add(`AP#${agencyId}#${p}`);
  }
  return [...scopes];
}

/**
 * The index partitions that answer a search exactly, one per agency of the search (the agency and those related
 * to it by successions): agency and province, else agency; else the province, else all.
 */
function archivePartitions(query: ArchiveQuery, province: string | undefined): string[] {
  const agencies = query.agencyIds?.length ? query.agencyIds : query.agencyId ? [query.agencyId] : [];
  if (agencies.length) return agencies.map((a) => (province ? `AP#${a}#${province}` : `A#${a}`));
  return [province ? `P#${province}` : 'ALL'];
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
      const scopes = archivePartitions(query, province);
      const names: Record<string, string> = { '#pk': 'GSI1PK' };
      const values: Item = {};
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
      const read: ReadPartition = (pk, start, max) =>
        table.doc.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: 'GSI1',
            KeyConditionExpression: keyCondition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':pk': pk },
            ScanIndexForward: false,
            Limit: max,
            ExclusiveStartKey: start,
          }),
        );
      // a cursor carries the search's partitions and the last sort key read in each: the key to start after is
      // rebuilt from them, and a cursor of another search (other partitions, or a key beyond the dates) is refused
      const startKey: StartKey = (scope, after) => {
        const outside = (query.from && after < query.from) || (query.to && after > `${query.to}#\uffff`);
        if (outside) throw new InvalidCursorError();
        const visitId = after.slice(after.indexOf('#') + 1);
        return { PK: visitPk(visitId), SK: `ARCHIDX#${scope}`, GSI1PK: `ARCHIVE#${scope}`, GSI1SK: after };
      };

      if (scopes.length > 1) return mergedPages(read, scopes, limit, query.cursor, startKey);

      const scope = scopes[0] as string;
      let start: Item | undefined;
      if (query.cursor) {
        const position = decodeCursor(query.cursor, { scope: ANY_SCOPE, after: ARCHIVE_SORT_KEY });
        if (position.scope !== scope) throw new InvalidCursorError();
        start = startKey(scope, position.after);
      }
      const items: ArchiveEntry[] = [];
      do {
        // never more than the page still needs, so the last key read is exactly where the next page starts
        const out = await read(`ARCHIVE#${scope}`, start, limit - items.length);
        for (const item of out.Items ?? []) items.push(stripKeys<ArchiveEntry>(item));
        start = out.LastEvaluatedKey;
      } while (start && items.length < limit);
      return { items, cursor: start ? encodeCursor({ scope, after: String(start.GSI1SK) }) : undefined };
    },
  };
}

type ReadPartition = (
  pk: string,
  start: Item | undefined,
  max: number,
) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>;

/** The key a partition's read starts after, rebuilt from its scope and the sort key a cursor gave for it. */
type StartKey = (scope: string, after: string) => Item;

/**
 * One page over several index partitions, newest first, each visit once: each partition is read from its own
 * position, the results merged by sort key, and the cursor carries every partition's position by its scope (not
 * begun, done, or the last sort key read).
 */
async function mergedPages(
  read: ReadPartition,
  scopes: string[],
  limit: number,
  cursor: string | undefined,
  startKey: StartKey,
): Promise<Page<ArchiveEntry>> {
  const positions: Record<string, string> = cursor
    ? decodeCursor(cursor, { parts: Object.fromEntries(scopes.map((scope) => [scope, PARTITION_POSITION])) })
        .parts
    : {};
  const reads = await Promise.all(
    scopes.map(async (scope) => {
      const at = positions[scope] ?? START;
      if (at === DONE) return { scope, items: [] as Item[], more: false };
      const out = await read(`ARCHIVE#${scope}`, at === START ? undefined : startKey(scope, at), limit);
      return { scope, items: out.Items ?? [], more: Boolean(out.LastEvaluatedKey) };
    }),
  );
  const sk = (item: Item) => String(item.GSI1SK);
  const merged = reads.flatMap((r) => r.items).sort((a, b) => (sk(a) < sk(b) ? 1 : sk(a) > sk(b) ? -1 : 0));
  const taken: Item[] = [];
  const seen = new Set<string>();
  for (const item of merged) {
    if (taken.length >= limit) break;
    if (seen.has(sk(item))) continue;
    seen.add(sk(item));
    taken.push(item);
  }
  const cutoff = taken.length >= limit ? sk(taken[taken.length - 1] as Item) : '';
  const next: Record<string, string> = {};
  for (const r of reads) {
    const at = positions[r.scope] ?? START;
    if (at === DONE) {
      next[r.scope] = DONE;
      continue;
    }
    const consumed = r.items.filter((i) => sk(i) >= cutoff);
    const last = consumed[consumed.length - 1];
    if (consumed.length === r.items.length && !r.more) next[r.scope] = DONE;
    else if (last) next[r.scope] = sk(last);
    else next[r.scope] = at;
  }
  const open = Object.values(next).some((v) => v !== DONE);
  return {
    items: taken.map((item) => stripKeys<ArchiveEntry>(item)),
    ...(open ? { cursor: encodeCursor({ parts: next }) } : {}),
  };
}
