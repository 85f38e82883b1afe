/**
 * VisitStore on one DynamoDB table (infra/table.ts). Every write is a single-item conditional write, so each one
 * is atomic and a retried step repeats it harmlessly; nothing here scans or uses transactions (dynalite has none).
 *
 * Item keys, all under PK = VISIT#<id> unless said otherwise:
 * - VISIT: the visit; GSI1 = AGENCY#<visiting> and GSI2 = AGENCY#<host> / <createdAt>#<id>; GSI3 = STATUS#<status> /
 *   <updatedAt>#<id>
 * - EVENT#<seq, 8 digits>: the hash-chained event log
 * - DOC#<docId>, NUMBER#<docId>, APPROVAL#<approvalId> (while open, GSI1 = HOLDER#<email> / <createdAt>#<visit>#<id>:
 *   the approvals a person holds)
 * - ARCHIDX#ALL | ARCHIDX#P#<province> | ARCHIDX#A#<agencyId> | ARCHIDX#AP#<agencyId>#<a side's province>: the
 *   archive index, GSI1 = ARCHIVE#<scope> / <startDate>#<visitId>; a province is indexed under its name at the
 *   visit's time and under its successors' names
 * - counters: PK = SK = COUNTER#<agencyId>#<kind>#<year>
 *
 * Updates: a patch key whose value is `undefined` (an own property) removes that attribute.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { provinceAndSuccessors } from '#domain/directory/provinces.ts';
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
import { lazy, requireEnv } from './env.ts';

type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
const APPEND_ATTEMPTS = 100;

const visitPk = (id: string) => `VISIT#${id}`;
const eventSk = (seq: number) => `EVENT#${String(seq).padStart(8, '0')}`;

function stripKeys<T>(item: Item): T {
  const out: Item = { ...item };
  for (const k of KEY_ATTRIBUTES) delete out[k];
  return out as T;
}

/** A deep copy without `undefined` members, whatever options the injected client was built with. */
function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => clean(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Set)) {
    const out: Item = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out as T;
  }
  return value;
}

function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) throw new MalformedRequestError();
  return Math.min(limit, MAX_PAGE);
}

/** The one encoding of a page cursor (an object of string or nested object members): opaque to the client. */
function encodeCursor(value: Item): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

const badCursor = () =>
  new MalformedRequestError({
    vi: 'Con trỏ trang không hợp lệ',
    en: 'The page cursor is not valid',
  });

/** Reads a cursor `encodeCursor` made; every leaf a string, MalformedRequestError (400) for anything else. */
function decodeCursor(cursor: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const leavesAreStrings = (v: unknown): boolean =>
    typeof v === 'string' ||
    (Boolean(v) &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.values(v as object).every(leavesAreStrings));
  if (!value || typeof value !== 'object' || Array.isArray(value) || !leavesAreStrings(value))
    throw badCursor();
  return value as Record<string, string>;
}

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
            Item: approvalItem(approval),
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

    async listOpenApprovalsOf(email) {
      const items = await queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `HOLDER#${email.toLowerCase()}` },
      });
      return items.map((item) => stripKeys<Approval>(item)).filter((a) => OPEN_APPROVAL.has(a.status));
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
      // a closed approval leaves its holder's list
      if (patch.status && !OPEN_APPROVAL.has(patch.status)) remove.push('GSI1PK', 'GSI1SK');
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
      const partitions = archivePartitions(query, province).map((scope) => `ARCHIVE#${scope}`);
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
      const read = (pk: string, start: Item | undefined, max: number) =>
        doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: keyCondition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':pk': pk },
            ScanIndexForward: false,
            Limit: max,
            ExclusiveStartKey: start,
          }),
        );
      const mismatch = () =>
        new MalformedRequestError({
          vi: 'Con trỏ trang không khớp với điều kiện tìm kiếm',
          en: 'The page cursor does not match the search',
        });

      if (partitions.length > 1) return mergedPages(read, partitions, limit, query.cursor, mismatch);

      const pk = partitions[0] as string;
      let start: Item | undefined;
      if (query.cursor) {
        start = decodeCursor(query.cursor);
        if (start.GSI1PK !== pk) throw mismatch();
      }
      const items: ArchiveEntry[] = [];
      do {
        // never more than the page still needs, so the last key read is exactly where the next page starts
        const out = await read(pk, start, limit - items.length);
        for (const item of out.Items ?? []) items.push(stripKeys<ArchiveEntry>(item));
        start = out.LastEvaluatedKey;
      } while (start && items.length < limit);
      return { items, cursor: start ? encodeCursor(start) : undefined };
    },
  };
}

type ReadPartition = (
  pk: string,
  start: Item | undefined,
  max: number,
) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>;

/**
 * One page over several index partitions, newest first, each visit once: each partition is read from its own
 * position, the results merged by sort key, and the cursor carries every partition's position (or that it is done).
 */
async function mergedPages(
  read: ReadPartition,
  partitions: string[],
  limit: number,
  cursor: string | undefined,
  mismatch: () => Error,
): Promise<Page<ArchiveEntry>> {
  const DONE = 'done';
  const START = 'start';
  let positions: Record<string, Item | typeof DONE | typeof START> = {};
  if (cursor) {
    const decoded = decodeCursor(cursor) as unknown as {
      parts?: Record<string, Item | typeof DONE | typeof START>;
    };
    const parts = decoded.parts;
    if (!parts || Object.keys(parts).sort().join() !== [...partitions].sort().join()) throw mismatch();
    positions = parts;
  }
  const reads = await Promise.all(
    partitions.map(async (pk) => {
      const at = positions[pk] ?? START;
      if (at === DONE) return { pk, items: [] as Item[], more: false };
      const out = await read(pk, at === START ? undefined : at, limit);
      return { pk, items: out.Items ?? [], more: Boolean(out.LastEvaluatedKey) };
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
  const next: Record<string, Item | typeof DONE | typeof START> = {};
  for (const r of reads) {
    const at = positions[r.pk] ?? START;
    if (at === DONE) {
      next[r.pk] = DONE;
      continue;
    }
    const consumed = r.items.filter((i) => sk(i) >= cutoff);
    const last = consumed[consumed.length - 1];
    if (consumed.length === r.items.length && !r.more) next[r.pk] = DONE;
    else if (last)
      next[r.pk] = { PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK } as Item;
    else next[r.pk] = at;
  }
  const open = Object.values(next).some((v) => v !== DONE);
  return {
    items: taken.map((item) => stripKeys<ArchiveEntry>(item)),
    ...(open ? { cursor: encodeCursor({ parts: next }) } : {}),
  };
}

/** The store on the table named by TABLE_NAME, with one client for the process, made on first use. */
export const visitStore = lazy(() =>
  createVisitStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    requireEnv(ENV.table),
  ),
);
