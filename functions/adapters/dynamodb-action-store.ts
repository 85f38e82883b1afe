/**
 * ActionStore on the visits table (infra/table.ts): each action item is one item beside its visit, written whole
 * under optimistic locking (a conditional PutItem on the version it read). Nothing here scans: an agency's items and
 * the due turns are index queries, over the overloaded indexes the visits use.
 *
 * Under PK = VISIT#<visitId>, SK = ACTION#<id>:
 * - GSI1 = ACTIONS#<visitingAgencyId> and GSI2 = ACTIONS#<hostAgencyId> / <OPEN|DONE>#<due>#<visitId>#<id>: an
 *   agency's items by status, due first (overdue = OPEN# below today's date);
 * - GSI3 = ACTION-TURN / <nextAt>#<visitId>#<id>, only while a turn is to come (sparse): the reminder sweep reads
 *   the items whose turn has come, and nothing else.
 */
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { ActionQuery, ActionStore, Page } from '#domain/ports.ts';
import { foldForSearch } from '#domain/text.ts';
import { ENV } from '#functions/manifest.ts';
import { clean, ID_PART, type Item, pageSize, stripKeys, VisitTable, visitPk } from './dynamodb/table.ts';
import { documentClient } from './dynamodb-visit-store.ts';
import { lazy, requireEnv } from './env.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';

const actionSk = (id: string) => `ACTION#${id}`;
/** The sweep's index partition: every item with a turn to come. */
const TURNS = 'ACTION-TURN';
const STATUS_PREFIX = { open: 'OPEN#', done: 'DONE#' } as const;

/** What an agency's list is ordered by, after the status: the due date, then the visit and the item. */
const listKey = (i: ActionItem) => `${i.due}#${i.visitId}#${i.id}`;

/** The item as stored: the record, its keys, and the folded text a search looks in. */
function toItem(item: ActionItem): Item {
  const sk = `${STATUS_PREFIX[item.status]}${listKey(item)}`;
  return {
    ...clean(item),
    PK: visitPk(item.visitId),
    SK: actionSk(item.id),
    GSI1PK: `ACTIONS#${item.visitingAgencyId}`,
    GSI1SK: sk,
    GSI2PK: `ACTIONS#${item.hostAgencyId}`,
    GSI2SK: sk,
    ...(item.nextAt ? { GSI3PK: TURNS, GSI3SK: `${item.nextAt}#${item.visitId}#${item.id}` } : {}),
    search: foldForSearch([item.task, item.owner, item.ownerEmail ?? '', item.visitTitle].join(' ')),
  };
}

function fromItem(item: Item): ActionItem {
  const { search: _search, ...rest } = stripKeys<ActionItem & { search?: string }>(item);
  return rest;
}

/** A position in an agency's list, as its cursor carries it: <due>#<visitId>#<id>. */
const LIST_KEY = new RegExp(`^\\d{4}-\\d{2}-\\d{2}#${ID_PART}#${ID_PART}$`);
/** A position in the sweep's index, as its cursor carries it: <nextAt>#<visitId>#<id>. */
const TURN_KEY = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[0-9:.]{5,12}Z#(${ID_PART})#(${ID_PART})$`);

const byMinutesOrder = (a: ActionItem, b: ActionItem) => Number(a.id.slice(1)) - Number(b.id.slice(1));

export function createActionStore(doc: DynamoDBDocumentClient, tableName: string): ActionStore {
  const table = new VisitTable(doc, tableName);
  /** Items of one index partition whose sort key lies in [lo, hi], ascending, passing the search, at most `want`. */
  const range = async (
    index: 'GSI1' | 'GSI2',
    pk: string,
    lo: string,
    hi: string,
    search: string | undefined,
    want: number,
  ): Promise<Item[]> => {
    const found: Item[] = [];
    let start: Item | undefined;
    do {
      const input: QueryCommandInput = {
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
        ExpressionAttributeNames: {
          '#pk': `${index}PK`,
          '#sk': `${index}SK`,
          ...(search ? { '#s': 'search' } : {}),
        },
        ExpressionAttributeValues: { ':pk': pk, ':lo': lo, ':hi': hi, ...(search ? { ':q': search } : {}) },
        ...(search ? { FilterExpression: 'contains(#s, :q)' } : {}),
        Limit: want,
        ExclusiveStartKey: start,
      };
      const out = await doc.send(new QueryCommand(input));
      found.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && found.length < want);
    return found.slice(0, want);
  };

  return {
    createAction: (item) => table.putNew(toItem(item)),

    async getAction(visitId, id) {
      const item = await table.get(visitPk(visitId), actionSk(id));
      return item ? fromItem(item) : undefined;
    },

    async listActions(visitId) {
      return (await table.underVisit(visitId, 'ACTION#')).map(fromItem).sort(byMinutesOrder);
    },

    replaceAction: (item) =>
      table.putIf(toItem(item), '#v = :read', { '#v': 'version' }, { ':read': item.version - 1 }),

    async dueActions(now, opts = {}) {
      const limit = pageSize(opts.limit);
      let start: Item | undefined;
      if (opts.cursor) {
        // the position is rebuilt into the index's own start key: a cursor cannot move the read elsewhere
        const { after } = decodeCursor(opts.cursor, { after: TURN_KEY });
        const [, visitId = '', id = ''] = TURN_KEY.exec(after) ?? [];
        start = { PK: visitPk(visitId), SK: actionSk(id), GSI3PK: TURNS, GSI3SK: after };
      }
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: '#pk = :pk AND #sk <= :now',
          ExpressionAttributeNames: { '#pk': 'GSI3PK', '#sk': 'GSI3SK' },
          // the sort key is <nextAt>#<visitId>#<id>: every turn at `now` itself sorts below now + '#\uffff'
          ExpressionAttributeValues: { ':pk': TURNS, ':now': `${now}#\uffff` },
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      return {
        items: (out.Items ?? []).map(fromItem),
        cursor: out.LastEvaluatedKey
          ? encodeCursor({ after: String(out.LastEvaluatedKey.GSI3SK) })
          : undefined,
      };
    },

    async agencyActions(query: ActionQuery): Promise<Page<ActionItem>> {
      const limit = pageSize(query.limit);
      const after = query.cursor ? decodeCursor(query.cursor, { after: LIST_KEY }).after : undefined;
      const search = query.search ? foldForSearch(query.search) : undefined;
      const ranges: { prefix: string; hi: string }[] =
        query.status === 'overdue'
          ? [{ prefix: STATUS_PREFIX.open, hi: `${STATUS_PREFIX.open}${query.today}` }]
          : (query.status ? [STATUS_PREFIX[query.status]] : [STATUS_PREFIX.open, STATUS_PREFIX.done]).map(
              (prefix) => ({ prefix, hi: `${prefix}\uffff` }),
            );
      // past the cursor: every key above <prefix><after>; "!" sorts below any character a key goes on with
      const results = await Promise.all(
        ranges.flatMap(({ prefix, hi }) =>
          (['GSI1', 'GSI2'] as const).map(async (index) => {
            const lo = after ? `${prefix}${after}!` : prefix;
            if (lo > hi) return [];
            const items = await range(index, `ACTIONS#${query.agencyId}`, lo, hi, search, limit + 1);
            return items.map((item) => ({ key: String(item[`${index}SK`]).slice(prefix.length), item }));
          }),
        ),
      );
      // an agency is one side of a visit, so an item comes from one index only; the keys are unique
      const merged = results.flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const page = merged.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(({ item }) => fromItem(item)),
        cursor: merged.length > limit && last ? encodeCursor({ after: last.key }) : undefined,
      };
    },
  };
}

/** The store on the table named by TABLE_NAME, on the process's one client. */
export const actionStore = lazy(() => createActionStore(documentClient(), requireEnv(ENV.table)));
