/**
 * The base the VisitStore's item families share (dynamodb-visit-store.ts composes them): the one table
 * (infra/table.ts), its item keys, and the reads and conditional writes every family makes. Every write is a
 * single-item conditional write, so each one is atomic and a retried step repeats it harmlessly; nothing scans or
 * uses transactions (dynalite has none).
 *
 * Item keys, all under PK = VISIT#<id> unless said otherwise:
 * - VISIT: the visit (visits.ts)
 * - EVENT#<seq, 8 digits>: the hash-chained event log (events.ts)
 * - DOC#<docId>, NUMBER#<docId>; counters under PK = SK = COUNTER#<agencyId>#<kind>#<year> (documents.ts)
 * - APPROVAL#<approvalId> (approvals.ts)
 * - ARCHIDX#<scope>: the archive index (archive-index.ts)
 * - DRAFT#MINUTES: the minutes typed and not sent; a request's under PK = DRAFT#<email>, SK = REQUEST (../dynamodb-draft-store.ts)
 * - REQUEST#<key>: the idempotency key of a change to the visit (requests.ts)
 *
 * Updates: a patch key whose value is `undefined` (an own property) removes that attribute.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { MalformedRequestError } from '#domain/errors.ts';

export type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

export const visitPk = (id: string): string => `VISIT#${id}`;

/**
 * An id in a sort key, as a page cursor may carry it: url-safe and short (visit ids are `20260801-7K3QX9M2PA`), so
 * a position stays a valid key.
 */
export const ID_PART = '[A-Za-z0-9_-]{1,64}';

/** The item without its key attributes: what the domain stored. */
export function stripKeys<T>(item: Item): T {
  const out: Item = { ...item };
  for (const k of KEY_ATTRIBUTES) delete out[k];
  return out as T;
}

/** A deep copy without `undefined` members, whatever options the injected client was built with. */
export function clean<T>(value: T): T {
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

/** The page size asked for: DEFAULT_PAGE when none, at most MAX_PAGE; not a positive whole number is refused. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) throw new MalformedRequestError();
  return Math.min(limit, MAX_PAGE);
}

/** An update under construction: its SET and REMOVE clauses and their placeholders. */
export interface Update {
  set: string[];
  remove: string[];
  names: Record<string, string>;
  values: Item;
}

/** SET for defined values, REMOVE for own keys given as undefined; names and values are placeholders. */
export function patchUpdate(patch: Item, names: Record<string, string> = {}, values: Item = {}): Update {
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
  return { set, remove, names, values };
}

/** The condition that an attribute (by its name placeholder) holds one of `allowed`, with values `:<prefix>N`. */
export function oneOf(name: string, allowed: readonly string[], values: Item, prefix = 'from'): string {
  allowed.forEach((s, i) => {
    values[`:${prefix}${i}`] = s;
  });
  return `${name} IN (${allowed.map((_, i) => `:${prefix}${i}`).join(', ')})`;
}

/** The table, through one document client: the reads and conditional writes the item families share. */
export class VisitTable {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** One item, read consistently. */
  async get(pk: string, sk: string): Promise<Item | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.name, Key: { PK: pk, SK: sk }, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every item a query matches, page after page. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** The items of a visit whose sort key starts with `prefix`, in sort key order, read consistently. */
  underVisit(id: string, prefix: string): Promise<Item[]> {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': visitPk(id), ':prefix': prefix },
      ConsistentRead: true,
    });
  }

  /** Puts an item unless one is stored under its key already; false when one was (and it stays as it was). */
  async putNew(item: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.name, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return false;
    }
  }

  /** Replaces an existing item whole if `condition` holds of it; false when it does not (nothing written). */
  async putIf(item: Item, condition: string, names: Record<string, string>, values: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.name,
          Item: item,
          ConditionExpression: `attribute_exists(PK) AND ${condition}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return false;
    }
  }

  /** Applies an update to an existing item if `condition` holds: the item as stored after it, else undefined. */
  async updateIf(
    key: { PK: string; SK: string },
    update: Update,
    condition: string,
  ): Promise<Item | undefined> {
    const { set, remove, names, values } = update;
    const expression = [
      set.length ? `SET ${set.join(', ')}` : '',
      remove.length ? `REMOVE ${remove.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.name,
          Key: key,
          UpdateExpression: expression,
          ConditionExpression: `attribute_exists(PK) AND ${condition}`,
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ?? {};
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return undefined;
    }
  }
}
