/**
 * The hash chain of a visit's event log: each event carries the sha256 of the canonical JSON of its own fields
 * (everything but `hash`), and the previous event's hash. Changing, removing or reordering any event breaks the
 * chain from that event on. Pure: node:crypto only.
 */
import { createHash } from 'node:crypto';
import type { VisitEvent } from './ports.ts';

/**
 * JSON with object keys sorted at every level and no whitespace; `undefined` members are left out (as JSON does),
 * so a value reads back from DynamoDB to the same text it was hashed from.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot represent ${typeof value} in canonical JSON`);
    return text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 hex of the canonical JSON of every field of the event but `hash`. */
export function eventHash(event: Omit<VisitEvent, 'hash'>): string {
  const { hash: _ignored, ...fields } = event as VisitEvent;
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

/**
 * Checks that the events, in order, are seq 1, 2, 3 … of one visit, each hash matches its fields and each
 * `prevHash` is the hash before it ("" for the first). `brokenAt` is the seq position (1-based) of the first
 * event that fails.
 */
export function verifyChain(events: readonly VisitEvent[]): { ok: boolean; brokenAt?: number } {
  let prev = '';
  const visitId = events[0]?.visitId;
  for (const [i, event] of events.entries()) {
    const position = i + 1;
    if (
      event.seq !== position ||
      event.visitId !== visitId ||
      event.prevHash !== prev ||
      eventHash(event) !== event.hash
    ) {
      return { ok: false, brokenAt: position };
    }
    prev = event.hash;
  }
  return { ok: true };
}
