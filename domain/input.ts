/**
 * What the domain takes from outside before any schema reads it: plain data (objects, arrays, strings, numbers,
 * booleans, null) at most `MAX_INPUT_DEPTH` levels deep, every string NFC-normalised without control characters
 * other than tab and newline. The copy is made by an iterative walk, so no input, however deep, can overflow the
 * stack; the edge bounds a body's depth with the same limit when it parses it. Its objects have no prototype and
 * no `__proto__`, `constructor` or `prototype` member, so nothing a client sends can supply a field by
 * inheritance (JSON.parse keeps a `__proto__` member as data; copying it onto a plain object would make it the
 * prototype).
 */
import { ValidationError } from './errors.ts';

/**
 * How deep input may nest: a request's deepest field is a member's name (members[0].name, 3 levels), so 8 leaves
 * room and refuses nothing a form or a client sends in good faith.
 */
export const MAX_INPUT_DEPTH = 8;

/** "members[0].name" for the path ["members", 0, "name"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The refusal of input nested deeper than the limit, naming the top-level field it was found in. */
export function nestedTooDeeply(field: string): ValidationError {
  return new ValidationError({
    [field || 'body']: {
      vi: `lồng nhau quá sâu (tối đa ${MAX_INPUT_DEPTH} cấp)`,
      en: `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`,
    },
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

type Container = Record<string, unknown> | unknown[];

/** Member names that reach an object's prototype when assigned: never copied from input. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A copy of `value` as plain data with its strings normalised; ValidationError (422) naming the top-level field
 * when anything nests deeper than `MAX_INPUT_DEPTH`.
 */
export function plainInput(value: unknown): unknown {
  const root: Record<string, unknown> = {};
  const todo: { from: unknown; into: Container; key: string | number; path: readonly PropertyKey[] }[] = [
    { from: value, into: root, key: 'value', path: [] },
  ];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const { from, into, key, path } = next;
    const put = (v: unknown) => {
      (into as Record<string | number, unknown>)[key] = v;
    };
    if (typeof from === 'string') put(from.normalize('NFC').replace(CONTROL, ''));
    else if (from === null || typeof from !== 'object') put(from);
    else {
      if (path.length >= MAX_INPUT_DEPTH) throw nestedTooDeeply(String(path[0] ?? ''));
      if (Array.isArray(from)) {
        const out: unknown[] = new Array(from.length);
        put(out);
        from.forEach((v, i) => {
          todo.push({ from: v, into: out, key: i, path: [...path, i] });
        });
      } else {
        const out: Record<string, unknown> = Object.create(null);
        put(out);
        for (const [k, v] of Object.entries(from))
          if (!PROTOTYPE_KEYS.has(k)) todo.push({ from: v, into: out, key: k, path: [...path, k] });
      }
    }
  }
  return root.value;
}
