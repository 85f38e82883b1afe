/**
 * Counts DynamoDB requests inside the emulator itself, with no extra hop: wraps dynalite's request handler (the
 * operation from `X-Amz-Target`, the request body to see whether a write sets a secondary index key) and its
 * capacity calculation (always computed, whether or not the caller asked for it, and returned only when asked).
 * Requests on the local runtime's own checkpoint items (`PK = EXECUTION#...`: state Step Functions keeps itself in
 * AWS) are counted apart, under `local:<operation>`, and their capacity under `local:read` / `local:write`.
 * Must be installed before the emulator starts: it replaces dynalite in the module cache.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Snapshot } from './proxy.ts';

const require = createRequire(import.meta.url);
const INDEX_KEY = /GSI\dPK|GSI\dSK/;
export const DYNAMODB_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export interface DynamoCounter {
  snapshot(): Snapshot;
  /** reads by operation and the partition key prefix they read (e.g. `GetItem:USER`, `BatchGetItem:USER+AGENCY`) */
  reads(): Record<string, number>;
}

/** The partition key prefixes a read request names (before the first '#'), sorted and joined with '+'. */
function readPrefixes(body: string): string {
  const prefixes = new Set<string>();
  for (const m of body.matchAll(/"(?:PK|:pk)":\{"S":"([A-Z]+)/g)) prefixes.add(m[1] ?? '');
  return [...prefixes].sort().join('+') || '?';
}

type Dynalite = (options: object) => Server;
interface Capacity {
  CapacityUnits?: number;
}
interface DynaliteDb {
  addConsumedCapacity(
    data: { ReturnConsumedCapacity?: string },
    isRead: boolean,
    a: unknown,
    b: unknown,
  ): Capacity | undefined;
}

export function installDynamoCounter(): DynamoCounter {
  const counts: Record<string, number> = {};
  const reads: Record<string, number> = {};
  const capacity: Record<string, number> = {};
  let indexKeyWrites = 0;

  const db = require('dynalite/db') as DynaliteDb;
  const addConsumedCapacity = db.addConsumedCapacity.bind(db);
  db.addConsumedCapacity = (data, isRead, a, b) => {
    const cc = addConsumedCapacity({ ...data, ReturnConsumedCapacity: 'TOTAL' }, isRead, a, b);
    const local = JSON.stringify(
      (data as { Key?: unknown; Item?: unknown }).Key ?? (data as { Item?: unknown }).Item ?? '',
    ).includes('EXECUTION#');
    const key = `${local ? 'local:' : ''}${isRead ? 'read' : 'write'}`;
    capacity[key] = (capacity[key] ?? 0) + (cc?.CapacityUnits ?? 0);
    return data.ReturnConsumedCapacity === 'TOTAL' || data.ReturnConsumedCapacity === 'INDEXES'
      ? cc
      : undefined;
  };

  const path = require.resolve('dynalite');
  const dynalite = require('dynalite') as Dynalite;
  const wrapped: Dynalite = (options) => {
    const server = dynalite(options);
    const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const local = body.includes('EXECUTION#') || body.includes('LOCAL#WAIT');
        const key = local ? `local:${op}` : op;
        counts[key] = (counts[key] ?? 0) + 1;
        if (!local && (op === 'GetItem' || op === 'BatchGetItem' || op === 'Query')) {
          const read = `${op}:${readPrefixes(body)}`;
          reads[read] = (reads[read] ?? 0) + 1;
        }
        if (!local && DYNAMODB_WRITES.has(op) && INDEX_KEY.test(body)) indexKeyWrites++;
      });
      for (const h of handlers) h(req, res);
    });
    return server;
  };
  const cached = require.cache[path];
  if (!cached) throw new Error('dynalite is not in the module cache');
  cached.exports = wrapped;
  return {
    snapshot: () => ({ counts: { ...counts }, capacity: { ...capacity }, indexKeyWrites }),
    reads: () => ({ ...reads }),
  };
}
