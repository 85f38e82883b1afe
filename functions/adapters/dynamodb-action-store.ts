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
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MalformedRequestError } from '#domain/errors.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { ActionQuery, ActionStore, Page } from '#domain/ports.ts';
import { foldForSearch } from '#domain/text.ts';
import { ENV } from '#functions/manifest.ts';
import {
  clean,
  decodeCursor,
  encodeCursor,
  type Item,
  isConditionFailure,
  pageSize,
  stripKeys,
} from './dynamodb-items.ts';
import { tableClient, visitPk } from './dynamodb-visit-store.ts';
import { lazy, requireEnv } from './env.ts';

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

const byMinutesOrder = (a: ActionItem, b: ActionItem) => Number(a.id.slice(1)) - Number(b.id.slice(1));

export function createActionStore(doc: DynamoDBDocumentClient, tableName: string): ActionStore {
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
    async createAction(item) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(item),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async getAction(visitId, id) {
      const { Item } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { PK: visitPk(visitId), SK: actionSk(id) },
          ConsistentRead: true,
        }),
      );
      return Item ? fromItem(Item) : undefined;
    },

    async listActions(visitId) {
      const items: Item[] = [];
      let start: Item | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': visitPk(visitId), ':prefix': 'ACTION#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items.map(fromItem).sort(byMinutesOrder);
    },

    async replaceAction(item) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(item),
            ConditionExpression: '#v = :read',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':read': item.version - 1 },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async dueActions(now, opts = {}) {
      const limit = pageSize(opts.limit);
      let start: Item | undefined;
      if (opts.cursor) {
        start = decodeCursor(opts.cursor);
        if (start.GSI3PK !== TURNS) throw new MalformedRequestError();
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
        cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
      };
    },

    async agencyActions(query: ActionQuery): Promise<Page<ActionItem>> {
      const limit = pageSize(query.limit);
      const after = query.cursor ? decodeCursor(query.cursor).after : undefined;
      if (query.cursor && after === undefined) throw new MalformedRequestError();
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
export const actionStore = lazy(() => createActionStore(tableClient(), requireEnv(ENV.table)));
