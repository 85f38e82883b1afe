/**
 * The one encoding of a page cursor, for every paged read of the table: a position (named values, each a sort key
 * of the index read) as base64url JSON. Decoding checks the cursor is one that read could have made: exactly the
 * names it gives, each of its shape (which bounds its length well under a key's limit). Anything else, forged or
 * edited, is InvalidCursorError (400 naming `cursor`), never a starting key that DynamoDB refuses or that reaches
 * beyond the read's own partition. The read rebuilds its starting key from the position and its own query (a
 * cursor naming a partition is compared with the query's), so a cursor cannot move a read elsewhere.
 */
import { InvalidCursorError } from '#domain/errors.ts';

/** Far above any cursor this table's reads make, far below what a position could need to be refused for. */
const MAX_CURSOR_LENGTH = 2048;

export type Position<K extends string> = Record<K, string>;

export function encodeCursor<K extends string>(position: Position<K>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position of `cursor`, checked against the shape of each of its names; InvalidCursorError otherwise. */
export function decodeCursor<K extends string>(cursor: string, shapes: Record<K, RegExp>): Position<K> {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidCursorError();
  const names = Object.keys(shapes) as K[];
  const given = Object.keys(value);
  if (given.length !== names.length) throw new InvalidCursorError();
  const position = {} as Position<K>;
  for (const name of names) {
    const v = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    if (typeof v !== 'string' || !shapes[name].test(v)) throw new InvalidCursorError();
    position[name] = v;
  }
  return position;
}
