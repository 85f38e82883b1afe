/**
 * The directory costs the HTTP path one read per request: for each signed-in route a person uses most, the user and
 * what the route needs of the directory come in one BatchGetItem, and no directory item is read again (counted
 * inside the DynamoDB emulator, request by request; bench/directory.ts prints the same table).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDirectoryReads, type ProbeResult, probes } from '../../bench/directory.ts';
import { installDynamoCounter } from '../../bench/support/dynalite-counter.ts';

const counter = installDynamoCounter();
const { startLocalRuntime } = await import('#infra/local/runtime.ts');
const { Client } = await import('#infra/local/client.ts');
const { PEOPLE, seedRequest } = await import('#infra/local/seed-visit.ts');

let dataDir: string;
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
let results: ProbeResult[];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-directory-reads-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  const client = new Client(runtime.url);
  const now = await client.clock({ advanceDays: 0 });
  const start = new Date(Date.parse(now) + 30 * 86_400_000).toISOString().slice(0, 10);
  const visit = await client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: seedRequest(start),
  });
  results = await measureDirectoryReads(
    { url: runtime.url, idle: () => runtime.sfn.idle(), token: (e) => client.token(e) },
    counter,
    probes(PEOPLE, visit.body.id, 'btgdvtu-da-nang'),
  );
});

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the directory on the HTTP path', () => {
  it('costs each signed-in request one read: a single BatchGetItem, and no directory item read again', () => {
    expect(results.length).toBeGreaterThan(5);
    for (const r of results) {
      expect(r.status, r.route).toBe(200);
      expect(r.directoryReads, `${r.route}: ${JSON.stringify(r.reads)}`).toBe(1);
      expect(
        Object.keys(r.reads).filter((k) => k.startsWith('BatchGetItem')),
        r.route,
      ).toHaveLength(1);
    }
  });
});
