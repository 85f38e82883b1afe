/**
 * What the directory costs the HTTP path: for each signed-in page and JSON route, the DynamoDB reads one request
 * makes, by operation and the partition key prefixes it reads (counted inside the emulator). The directory's part —
 * the user and the agencies (or calendar years) the route needs — must be one BatchGetItem and nothing else: no
 * GetItem of a directory item (AGENCY#, USER#, CALENDAR#, DIRECTORY). A route's own data (an agency's visits or
 * its users, by index) is not the directory's cost. `npx tsx bench/directory.ts` prints the table; the test
 * (test/bench/directory-reads.test.ts) holds the rule.
 */
import '#infra/local/polyfills.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoCounter } from './support/dynalite-counter.ts';

/** A request as a person makes it: who, which route, the path. */
export interface Probe {
  as: string;
  route: string;
  path: string;
  accept?: 'json' | 'html';
}

export interface ProbeResult extends Probe {
  /** reads by `operation:prefixes` */
  reads: Record<string, number>;
  /** the reads of directory items: BatchGetItem requests, and single reads (GetItem, Query) of directory items */
  directoryReads: number;
  status: number;
}

const DIRECTORY = /^(AGENCY|USER|CALENDAR|DIRECTORY)$/;

/**
 * Whether a read is the directory's part of the request: the batch, or a single read of a directory item by its key
 * (a Query of an index is the route's own data: an agency's visits, its users).
 */
function isDirectoryRead(key: string): boolean {
  const [op, prefixes = ''] = key.split(':');
  if (op === 'BatchGetItem') return true;
  return op === 'GetItem' && prefixes.split('+').some((p) => DIRECTORY.test(p));
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
}

/** Sends each probe after the runtime is idle, and counts its reads. */
export async function measureDirectoryReads(
  base: { url: string; idle(): Promise<void>; token(email: string): Promise<string> },
  counter: DynamoCounter,
  probes: readonly Probe[],
): Promise<ProbeResult[]> {
  const out: ProbeResult[] = [];
  for (const p of probes) {
    const token = await base.token(p.as);
    await base.idle();
    const before = counter.reads();
    const res = await fetch(new URL(p.path, base.url), {
      headers: {
        authorization: `Bearer ${token}`,
        accept: p.accept === 'html' ? 'text/html' : 'application/json',
      },
      redirect: 'manual',
    });
    await res.arrayBuffer();
    const reads = diff(counter.reads(), before);
    const directoryReads = Object.entries(reads)
      .filter(([k]) => isDirectoryRead(k))
      .reduce((n, [, v]) => n + v, 0);
    out.push({ ...p, reads, directoryReads, status: res.status });
  }
  return out;
}

/** The signed-in routes a person uses most, with a visit to look at. */
export function probes(people: Record<string, string>, visitId: string, hostId: string): Probe[] {
  return [
    { as: people.requester as string, route: 'GET /agencies', path: '/agencies' },
    { as: people.requester as string, route: 'GET /', path: '/', accept: 'html' },
    { as: people.requester as string, route: 'GET /visits/new', path: '/visits/new', accept: 'html' },
    { as: people.requester as string, route: 'GET /visits/{id}', path: `/visits/${visitId}` },
    {
      as: people.requester as string,
      route: 'GET /visits/{id} (page)',
      path: `/visits/${visitId}`,
      accept: 'html',
    },
    {
      as: people.auditor as string,
      route: 'GET /archive',
      path: '/archive?province=%C4%90%C3%A0%20N%E1%BA%B5ng',
    },
    { as: people.hostAdmin as string, route: 'GET /directory', path: '/directory', accept: 'html' },
    {
      as: people.hostAdmin as string,
      route: 'GET /directory/agencies/{id}',
      path: `/directory/agencies/${hostId}`,
    },
    {
      as: people.hostAdmin as string,
      route: 'GET /directory/users',
      path: `/directory/users?agencyId=${hostId}`,
    },
    {
      as: people.requester as string,
      route: 'GET /directory/calendar',
      path: '/directory/calendar?year=2026',
    },
  ];
}

async function main(): Promise<void> {
  const { installDynamoCounter } = await import('./support/dynalite-counter.ts');
  const counter = installDynamoCounter();
  const { startLocalRuntime } = await import('#infra/local/runtime.ts');
  const { Client } = await import('#infra/local/client.ts');
  const { PEOPLE, seedRequest } = await import('#infra/local/seed-visit.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-directory-'));
  const runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  try {
    const client = new Client(runtime.url);
    const now = await client.clock({ advanceDays: 0 });
    const start = new Date(Date.parse(now) + 30 * 86_400_000).toISOString().slice(0, 10);
    const visit = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(start),
    });
    const results = await measureDirectoryReads(
      { url: runtime.url, idle: () => runtime.sfn.idle(), token: (e) => client.token(e) },
      counter,
      probes(PEOPLE, visit.body.id, 'btgdvtu-da-nang'),
    );
    console.log('| route | status | directory reads | all reads |\n|---|---|---|---|');
    for (const r of results)
      console.log(
        `| ${r.route} | ${r.status} | ${r.directoryReads} | ${Object.entries(r.reads)
          .map(([k, v]) => `${k} ×${v}`)
          .join(', ')} |`,
      );
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
