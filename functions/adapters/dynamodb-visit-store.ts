/**
 * VisitStore on one DynamoDB table (infra/table.ts). Every write is a single-item conditional write, so each one
 * is atomic and a retried step repeats it harmlessly; nothing here scans or uses transactions (dynalite has none).
 *
 * Item keys, all under PK = VISIT#<id> unless said otherwise:
 * - VISIT: the visit; GSI1 = AGENCY#<visiting> and GSI2 = AGENCY#<host> / <createdAt>#<id>; GSI3 = STATUS#<status> /
 *   <updatedAt>#<id>
 * - EVENT#<seq, 8 digits>: the hash-chained event log
 * - DOC#<docId>, NUMBER#<docId>, APPROVAL#<approvalId>
 * - ARCHIDX#ALL | ARCHIDX#P#<province> | ARCHIDX#A#<agencyId> | ARCHIDX#AP#<agencyId>#<other side's province>:
 *   the archive index, GSI1 = ARCHIVE#<scope> / <startDate>#<visitId>
 * - counters: PK = SK = COUNTER#<agencyId>#<kind>#<year>
 *
 * Updates: a patch key whose value is `undefined` (an own property) removes that attribute.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { findAgency } from '#domain/agencies.ts';
import {
  InvalidTransitionError,
  MalformedRequestError,
  VersionConflictError,
  VisitNotFoundError,
} from '#domain/errors.ts';
import { eventHash } from '#domain/events.ts';
import type {
  Approval,
  ApprovalStatus,
  ArchiveEntry,
  ArchiveQuery,
  Page,
  VisitEvent,
  VisitStore,
} from '#domain/ports.ts';
import {
  canTransition,
  type DocumentKind,
  type DocumentRecord,
  STATUSES,
  type Visit,
  type VisitStatus,
} from '#domain/visit.ts';
import { ENV } from '#functions/manifest.ts';
import { appClock } from './clock.ts';
import {
  clean,
  decodeCursor,
  encodeCursor,
  type Item,
  isConditionFailure,
  pageSize,
  stripKeys,
} from './dynamodb-items.ts';
import { lazy, requireEnv } from './env.ts';

const APPEND_ATTEMPTS = 100;

/** Every item of a visit is under its partition. */
export const visitPk = (id: string) => `VISIT#${id}`;
const eventSk = (seq: number) => `EVENT#${String(seq).padStart(8, '0')}`;

/** SET for defined values, REMOVE for own keys given as undefined; names and values are placeholders. */
function updateParts(
  patch: Item,
  names: Record<string, string>,
  values: Item,
): { set: string[]; remove: string[] } {
  const set: string[] = [];
  const remove: string[] = [];
  for (const [i, [k, v]] of Object.entries(patch).entries()) {
    names[`#p${i}`] = k;
    if (v === undefined) remove.push(`#p${i}`);
    else {
      values[`:p${i}`] = clean(v);
      set.push(`#p${i} = :p${i}`);
    }
  }
  return { set, remove };
}

function updateExpression(set: string[], remove: string[]): string {
  return [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
}

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

export function createVisitStore(doc: DynamoDBDocumentClient, tableName: string): VisitStore {
  const get = async (pk: string, sk: string): Promise<Item | undefined> => {
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: { PK: pk, SK: sk }, ConsistentRead: true }),
    );
    return Item;
  };

  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> => {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };

  const underVisit = (id: string, prefix: string) =>
    queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': visitPk(id), ':prefix': prefix },
      ConsistentRead: true,
    });

  /**
   * Newest-first pages over one or more overloaded indexes with the same sort key shape: the cursor is the last
   * sort key returned, and each index is read below it; one item more than the page tells whether more follow.
   */
  const newestFirst = async (
    sources: { index: string; pk: string }[],
    opts: { cursor?: string; limit?: number },
  ): Promise<Page<Visit>> => {
    const limit = pageSize(opts.limit);
    const before = opts.cursor ? decodeCursor(opts.cursor).before : undefined;
    if (opts.cursor && before === undefined) throw new MalformedRequestError();
    const results = await Promise.all(
      sources.map(async ({ index, pk }) => {
        const { Items } = await doc.send(
          new QueryCommand({
            TableName: tableName,
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
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: visitItem(visit),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const existing = await get(visitPk(visit.id), 'VISIT');
        const owner = (existing as Partial<Visit> | undefined)?.owner;
        if (owner?.email !== visit.owner.email) throw new VersionConflictError();
      }
    },

    async getVisit(id) {
      const item = await get(visitPk(id), 'VISIT');
      return item ? stripKeys<Visit>(item) : undefined;
    },

    async updateVisit(id, expectedVersion, patch) {
      const to = patch.status;
      const fields: Item = { ...patch, updatedAt: patch.updatedAt ?? appClock.now().toISOString() };
      const names: Record<string, string> = { '#version': 'version' };
      const values: Item = { ':expected': expectedVersion, ':one': 1 };
      const { set, remove } = updateParts(fields, names, values);
      set.push('#version = #version + :one', 'GSI3SK = :gsi3sk');
      values[':gsi3sk'] = `${fields.updatedAt}#${id}`;
      let condition = 'attribute_exists(PK) AND #version = :expected';
      if (to) {
        set.push('GSI3PK = :gsi3pk');
        values[':gsi3pk'] = `STATUS#${to}`;
        const from = STATUSES.filter((s) => canTransition(s, to));
        names['#status'] = 'status';
        if (from.length === 0) condition += ' AND attribute_not_exists(#status)';
        else {
          from.forEach((s, i) => {
            values[`:from${i}`] = s;
          });
          condition += ` AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`;
        }
      }
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: visitPk(id), SK: 'VISIT' },
            UpdateExpression: updateExpression(set, remove),
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return stripKeys<Visit>(Attributes ?? {});
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const current = await get(visitPk(id), 'VISIT');
        if (!current) throw new VisitNotFoundError();
        if (current.version !== expectedVersion) throw new VersionConflictError();
        const status = current.status as VisitStatus;
        if (to && !canTransition(status, to)) throw new InvalidTransitionError(status, to);
        throw new VersionConflictError();
      }
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
      return newestFirst([{ index: 'GSI3', pk: `STATUS#${status}` }], opts);
    },

    async appendEvent(visitId, event) {
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const { Items } = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': visitPk(visitId), ':prefix': 'EVENT#' },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const last = Items?.[0] as VisitEvent | undefined;
        const fields: Omit<VisitEvent, 'hash'> = clean({
          visitId,
          seq: (last?.seq ?? 0) + 1,
          at: event.at ?? appClock.now().toISOString(),
          type: event.type,
          actor: event.actor,
          data: event.data,
          prevHash: last?.hash ?? '',
        });
        const stored: VisitEvent = { ...fields, hash: eventHash(fields) };
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...stored, PK: visitPk(visitId), SK: eventSk(stored.seq) },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
          return stored;
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
          // another append took this seq: read the new tail and try again, after a short random pause
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 5 * (attempt + 1))));
        }
      }
      throw new VersionConflictError();
    },

    async listEvents(visitId) {
      return (await underVisit(visitId, 'EVENT#')).map((item) => stripKeys<VisitEvent>(item));
    },

    async putDocument(visitId, record) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...clean(record), PK: visitPk(visitId), SK: `DOC#${record.id}` },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (err) {
        // the first record of a document stays: a retried step must not replace what was stored
        if (!isConditionFailure(err)) throw err;
      }
    },

    async getDocument(visitId, docId) {
      const item = await get(visitPk(visitId), `DOC#${docId}`);
      return item ? stripKeys<DocumentRecord>(item) : undefined;
    },

    async listDocuments(visitId) {
      return (await underVisit(visitId, 'DOC#')).map((item) => stripKeys<DocumentRecord>(item));
    },

    async documentNumber(visitId: string, docId: string, agencyId: string, kind: DocumentKind, year: number) {
      const numberKey = { PK: visitPk(visitId), SK: `NUMBER#${docId}` };
      const recorded = await get(numberKey.PK, numberKey.SK);
      if (recorded) return Number(recorded.number);
      const counter = `COUNTER#${agencyId}#${kind}#${year}`;
      const { Attributes } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { PK: counter, SK: counter },
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const allocated = Number(Attributes?.n);
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...numberKey, number: allocated, agencyId, kind, year, docId },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return allocated;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        // a concurrent call recorded its number first: that one is the document's (ours is skipped)
        const winner = await get(numberKey.PK, numberKey.SK);
        if (!winner) throw err;
        return Number(winner.number);
      }
    },

    async putApproval(approval) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...clean(approval), PK: visitPk(approval.visitId), SK: `APPROVAL#${approval.id}` },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (err) {
        // idempotent: the approval first stored under this id stays; later changes go through updateApproval
        if (!isConditionFailure(err)) throw err;
      }
    },

    async getApproval(visitId, approvalId) {
      const item = await get(visitPk(visitId), `APPROVAL#${approvalId}`);
      return item ? stripKeys<Approval>(item) : undefined;
    },

    async listApprovals(visitId) {
      return (await underVisit(visitId, 'APPROVAL#')).map((item) => stripKeys<Approval>(item));
    },

    async updateApproval(visitId, approvalId, from: ApprovalStatus[], patch, extraCondition) {
      if (from.length === 0) return undefined;
      const names: Record<string, string> = { '#status': 'status' };
      const values: Item = {};
      const { set, remove } = updateParts(patch, names, values);
      if (set.length + remove.length === 0) {
        names['#status'] = 'status';
        set.push('#status = #status');
      }
      from.forEach((s, i) => {
        values[`:from${i}`] = s;
      });
      let condition = `attribute_exists(PK) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`;
      if (extraCondition?.leaseExpiredBefore !== undefined) {
        names['#lease'] = 'leaseUntil';
        values[':leaseBefore'] = extraCondition.leaseExpiredBefore;
        condition += ' AND (attribute_not_exists(#lease) OR #lease < :leaseBefore)';
      }
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: visitPk(visitId), SK: `APPROVAL#${approvalId}` },
            UpdateExpression: updateExpression(set, remove),
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return stripKeys<Approval>(Attributes ?? {});
      } catch (err) {
        if (isConditionFailure(err)) return undefined;
        throw err;
      }
    },

    async putArchiveEntry(entry) {
      const data = clean(entry);
      for (const scope of archiveScopes(entry)) {
        await doc.send(
          new PutCommand({
            TableName: tableName,
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
      const item = await get(visitPk(visitId), 'ARCHIDX#ALL');
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
        const out = await doc.send(
          new QueryCommand({
            TableName: tableName,
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

/** The table's document client for the process, made on first use. */
export const tableClient = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);

/** The store on the table named by TABLE_NAME, on the process's one client. */
export const visitStore = lazy(() => createVisitStore(tableClient(), requireEnv(ENV.table)));
