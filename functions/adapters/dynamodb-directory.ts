/**
 * The directory on the one table (infra/table.ts), each change one conditional single-item write:
 * - AGENCY#<id> / AGENCY: the agency's record — its versions, its revision (the ETag), its predecessors, the admins
 *   (a string set) and the substitutes (a map by id);
 * - DIRECTORY / INDEX: every agency's versions in one item (a map by id), for the forms and the lists in one read;
 *   written after the agency's record, only forward (never to an older revision), so a reader sees either step
 *   whole;
 * - USER#<email> / USER: a user, listed per agency through GSI1 = USERS#<agencyId> / <email>;
 * - CALENDAR#<year> / CALENDAR: a year of the working calendar as a directory-admin gave it;
 * - ADDRESS#<email> / BOUNCED: the latest report that mail to an address bounced or was marked as spam (the user
 *   holding the address, if one does, also carries `bouncedAt`, so an admin sees it needs fixing).
 *
 * `directoryForRequest` reads a signed-in request's user together with the directory items its route needs in one
 * BatchGetItem, and answers the rest of that request from what it read: nothing is kept across requests, so a
 * change holds from the very next one.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AgencyVersion } from '#domain/agencies.ts';
import { type CalendarYear, shippedYear } from '#domain/directory/calendar.ts';
import { type DirectoryUser, emailKey } from '#domain/directory/users.ts';
import type { AgencyIndexEntry, AgencyRecord } from '#domain/directory/versions.ts';
import type { BouncedAddresses, DirectoryReader, DirectoryStore } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';

type Item = Record<string, unknown>;
type Key = { PK: string; SK: string };

/** The directory's item keys, each under one of the manifest's DIRECTORY_KEY_PREFIXES (its grant's condition). */
export const keys = {
  agency: (id: string): Key => ({ PK: `AGENCY#${id}`, SK: 'AGENCY' }),
  index: (): Key => ({ PK: 'DIRECTORY', SK: 'INDEX' }),
  user: (email: string): Key => ({ PK: `USER#${emailKey(email)}`, SK: 'USER' }),
  calendar: (year: number): Key => ({ PK: `CALENDAR#${year}`, SK: 'CALENDAR' }),
  /** an address whose mail bounced or was marked as spam, whoever holds it (a user, an approver, a contact) */
  bounced: (address: string): Key => ({ PK: `ADDRESS#${emailKey(address)}`, SK: 'BOUNCED' }),
};

const keyOf = (k: Key) => `${k.PK}|${k.SK}`;

function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

function toRecord(item: Item): AgencyRecord {
  const admins = item.admins instanceof Set ? [...(item.admins as Set<string>)] : [];
  return {
    id: String(item.id),
    versions: (item.versions ?? []) as AgencyVersion[],
    revision: Number(item.revision ?? 0),
    predecessors: (item.predecessors ?? []) as string[],
    admins: admins.sort(),
    substitutes: (item.substitutes ?? {}) as AgencyRecord['substitutes'],
  };
}

function toUser(item: Item): DirectoryUser {
  const { PK: _p, SK: _s, GSI1PK: _g, GSI1SK: _h, ...user } = item;
  return user as unknown as DirectoryUser;
}

function toIndex(item: Item | undefined): AgencyIndexEntry[] {
  const map = (item?.agencies ?? {}) as Record<string, AgencyIndexEntry>;
  return Object.values(map).sort((a, b) => a.id.localeCompare(b.id));
}

/** The reads, on items got one at a time (`get`) or answered from a request's batch. */
function reader(
  get: (key: Key) => Promise<Item | undefined>,
  query: (agencyId: string) => Promise<Item[]>,
): DirectoryReader {
  return {
    async agency(id) {
      const item = await get(keys.agency(id));
      return item ? toRecord(item) : undefined;
    },
    async agencies() {
      return toIndex(await get(keys.index()));
    },
    async user(email) {
      const item = await get(keys.user(email));
      return item ? toUser(item) : undefined;
    },
    async users(agencyId) {
      return (await query(agencyId)).map(toUser).sort((a, b) => a.email.localeCompare(b.email));
    },
    async calendarYear(year) {
      const item = await get(keys.calendar(year));
      if (!item) return shippedYear(year);
      return {
        year,
        holidays: item.holidays as string[],
        workdays: item.workdays as string[],
      } as CalendarYear;
    },
  };
}

export function createDirectory(
  doc: DynamoDBDocumentClient,
  tableName: string,
): DirectoryStore & BouncedAddresses {
  const get = async (key: Key): Promise<Item | undefined> =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const usersOf = async (agencyId: string): Promise<Item[]> => {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `USERS#${agencyId}` },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const update = async (input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) => {
    try {
      return (await doc.send(new UpdateCommand({ ...input, TableName: tableName, ReturnValues: 'ALL_NEW' })))
        .Attributes;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  };
  const putIfAbsent = async (item: Item): Promise<boolean> => {
    try {
      await doc.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  };

  const store: DirectoryStore & BouncedAddresses = {
    ...reader(get, usersOf),

    async createAgency(record) {
      const { admins, ...rest } = record;
      return putIfAbsent({
        ...keys.agency(record.id),
        ...rest,
        ...(admins.length ? { admins: new Set(admins) } : {}),
      });
    },

    async putVersions(id, expected, versions) {
      const item = await update({
        Key: keys.agency(id),
        UpdateExpression: 'SET versions = :v, revision = revision + :one',
        ConditionExpression: 'attribute_exists(PK) AND revision = :expected',
        ExpressionAttributeValues: { ':v': versions, ':one': 1, ':expected': expected },
      });
      return item ? toRecord(item) : undefined;
    },

    async addPredecessor(id, predecessorId) {
      await update({
        Key: keys.agency(id),
        UpdateExpression:
          'SET predecessors = list_append(if_not_exists(predecessors, :none), :p), revision = revision + :one',
        ConditionExpression: 'attribute_exists(PK) AND NOT contains(predecessors, :id)',
        ExpressionAttributeValues: { ':none': [], ':p': [predecessorId], ':id': predecessorId, ':one': 1 },
      });
    },

    async syncIndex(entry) {
      await putIfAbsent({ ...keys.index(), agencies: {} });
      await update({
        Key: keys.index(),
        UpdateExpression: 'SET agencies.#id = :entry',
        ConditionExpression: 'attribute_not_exists(agencies.#id) OR agencies.#id.revision < :revision',
        ExpressionAttributeNames: { '#id': entry.id },
        ExpressionAttributeValues: {
          ':entry': {
            id: entry.id,
            revision: entry.revision,
            versions: entry.versions,
            predecessors: entry.predecessors,
          },
          ':revision': entry.revision,
        },
      });
    },

    async createUser(user) {
      return putIfAbsent({
        ...keys.user(user.email),
        ...user,
        email: emailKey(user.email),
        GSI1PK: `USERS#${user.agencyId}`,
        GSI1SK: emailKey(user.email),
      });
    },

    async updateUser(email, patch) {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return store.user(email);
      const item = await update({
        Key: keys.user(email),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:f${i}`, v])),
      });
      return item ? toUser(item) : undefined;
    },

    async addAdmin(agencyId, email) {
      await update({
        Key: keys.agency(agencyId),
        UpdateExpression: 'ADD admins :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':one': new Set([emailKey(email)]) },
      });
    },

    async removeAdmin(agencyId, email) {
      const done = await update({
        Key: keys.agency(agencyId),
        UpdateExpression: 'DELETE admins :one',
        ConditionExpression: 'contains(admins, :email) AND size(admins) > :min',
        ExpressionAttributeValues: {
          ':one': new Set([emailKey(email)]),
          ':email': emailKey(email),
          ':min': 1,
        },
      });
      if (done) return true;
      // not listed (nothing to remove), or the only one listed (refused)
      const record = await store.agency(agencyId);
      return !record?.admins.includes(emailKey(email));
    },

    async putSubstitute(agencyId, substitute) {
      await update({
        Key: keys.agency(agencyId),
        UpdateExpression: 'SET substitutes.#sid = if_not_exists(substitutes.#sid, :s)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#sid': substitute.id },
        ExpressionAttributeValues: { ':s': substitute },
      });
    },

    async endSubstitute(agencyId, id, at) {
      const item = await update({
        Key: keys.agency(agencyId),
        UpdateExpression: 'SET substitutes.#sid.endedAt = if_not_exists(substitutes.#sid.endedAt, :at)',
        ConditionExpression: 'attribute_exists(substitutes.#sid)',
        ExpressionAttributeNames: { '#sid': id },
        ExpressionAttributeValues: { ':at': at },
      });
      return item !== undefined;
    },

    async putCalendarYear(year) {
      await doc.send(
        new PutCommand({ TableName: tableName, Item: { ...keys.calendar(year.year), ...year } }),
      );
    },

    async mark(mark) {
      const address = emailKey(mark.address);
      await doc.send(
        new PutCommand({ TableName: tableName, Item: { ...keys.bounced(address), ...mark, address } }),
      );
      // a user of the directory (updateUser changes nobody when the address is no user's)
      await store.updateUser(address, { bouncedAt: mark.at });
    },
  };
  return store;
}

/** What a signed-in request's route reads of the directory besides its user. */
export interface DirectoryNeeds {
  /** the index (every agency's versions) */
  index?: boolean;
  agencies?: readonly string[];
  /** years of the working calendar */
  calendar?: readonly number[];
}

/**
 * The directory as one request sees it: the user and the route's needs read in one BatchGetItem, then every read
 * of those items answered from it; anything else is read (once) when asked for.
 */
export async function directoryForRequest(
  doc: DynamoDBDocumentClient,
  tableName: string,
  email: string,
  needs: DirectoryNeeds = {},
): Promise<DirectoryReader> {
  const wanted = [
    keys.user(email),
    ...(needs.index ? [keys.index()] : []),
    ...[...new Set(needs.agencies ?? [])].filter(Boolean).map(keys.agency),
    ...[...new Set(needs.calendar ?? [])].map(keys.calendar),
  ];
  const cache = new Map<string, Promise<Item | undefined>>();
  const found = new Map<string, Item>();
  let pending = wanted;
  // BatchGetItem may leave keys unprocessed under load: they are asked again
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const out = await doc.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[tableName] ?? []) found.set(keyOf(item as Key), item);
    pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
  }
  for (const k of wanted)
    if (!pending.some((p) => keyOf(p) === keyOf(k)))
      cache.set(keyOf(k), Promise.resolve(found.get(keyOf(k))));
  const get = (key: Key) => {
    let item = cache.get(keyOf(key));
    if (!item) {
      item = doc
        .send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))
        .then((o) => o.Item);
      cache.set(keyOf(key), item);
    }
    return item;
  };
  const base = createDirectory(doc, tableName);
  return reader(get, async (agencyId) => {
    const users = await base.users(agencyId);
    return users.map((u) => ({ ...u }) as unknown as Item);
  });
}

const documentClient = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);

/** The directory on the table named by TABLE_NAME, with one client for the process, made on first use. */
export const directory = lazy(() => createDirectory(documentClient(), requireEnv(ENV.table)));

/** A request's view of the directory (see `directoryForRequest`), on the process's client. */
export function requestDirectory(email: string, needs?: DirectoryNeeds): Promise<DirectoryReader> {
  return directoryForRequest(documentClient(), requireEnv(ENV.table), email, needs);
}
