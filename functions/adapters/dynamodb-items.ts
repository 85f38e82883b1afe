/**
 * What the table's adapters share about its items: the key attributes an item carries and a record does not, the
 * copy the document client can write whatever its options, the failed condition, and the page size and the opaque
 * cursor of a paged query.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { MalformedRequestError } from '#domain/errors.ts';

export type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** The record an item holds, without its table and index keys. */
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

export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/** A page's size: the default when none is asked, at most the maximum; MalformedRequestError for a bad one. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) throw new MalformedRequestError();
  return Math.min(limit, MAX_PAGE);
}

export function encodeCursor(value: Item): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The key a cursor carries; MalformedRequestError for anything that is not one. */
export function decodeCursor(cursor: string): Record<string, string> {
  const bad = new MalformedRequestError({
    vi: 'Con trỏ trang không hợp lệ',
    en: 'The page cursor is not valid',
  });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad;
  for (const v of Object.values(value)) if (typeof v !== 'string') throw bad;
  return value as Record<string, string>;
}
