/**
 * The one encoding of a page cursor, for every paged read of the table: a position (named values, each a sort key
 * of the index read, or a group of such values by name: a read over several partitions keeps one per partition)
 * as base64url JSON. Decoding checks the cursor is one that read could have made: exactly the names it gives, at
 * every level, each value of its shape (which bounds its length well under a key's limit). Anything else, forged or
 * edited, is InvalidCursorError (400 naming `cursor`), never a starting key that DynamoDB refuses or that reaches
 * beyond the read's own partitions. The read rebuilds its starting keys from the position and its own query (a
 * cursor naming a partition is compared with the query's), so a cursor cannot move a read elsewhere.
 */
import { InvalidCursorError } from '#domain/errors.ts';

/**
 * The length a cursor may have per value it carries: far above what one value of this table's reads takes (a
 * partition's name and a sort key), far below what a position could need to be refused for.
 */
const MAX_LENGTH_PER_VALUE = 1024;

/** What each name of a position must hold: a value of a shape, or a group of named values one level down. */
export interface Shapes {
  readonly [name: string]: RegExp | Shapes;
}

/** The position a cursor of `S` decodes to: a string for each shape, a record of the same kind for each group. */
export type Position<S extends Shapes> = {
  -readonly [K in keyof S]: S[K] extends RegExp ? string : S[K] extends Shapes ? Position<S[K]> : never;
};

/** What a cursor encodes: named values, or groups of them. */
export interface Encoded {
  readonly [name: string]: string | Encoded;
}

export function encodeCursor(position: Encoded): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** How many values a position of `shapes` carries. */
function valueCount(shapes: Shapes): number {
  let n = 0;
  for (const shape of Object.values(shapes)) n += shape instanceof RegExp ? 1 : valueCount(shape);
  return n;
}

/**
 * `value` read as `shape`: a string of it, or an object with exactly the names of the group, each read as its own
 * shape; undefined when anything differs. Its depth is the shapes' (the read's own), never the input's.
 */
function read(value: unknown, shape: RegExp | Shapes): unknown {
  if (shape instanceof RegExp) return typeof value === 'string' && shape.test(value) ? value : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const names = Object.keys(shape);
  if (Object.keys(value).length !== names.length) return undefined;
  const out: Record<string, unknown> = Object.create(null);
  for (const name of names) {
    const member = read(
      Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined,
      shape[name] as RegExp | Shapes,
    );
    if (member === undefined) return undefined;
    out[name] = member;
  }
  return out;
}

/** The position of `cursor`, checked against the shape of each of its names; InvalidCursorError otherwise. */
export function decodeCursor<S extends Shapes>(cursor: string, shapes: S): Position<S> {
  if (
    cursor.length > MAX_LENGTH_PER_VALUE * Math.max(1, valueCount(shapes)) ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  )
    throw new InvalidCursorError();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const position = read(value, shapes);
  if (position === undefined) throw new InvalidCursorError();
  return position as Position<S>;
}
