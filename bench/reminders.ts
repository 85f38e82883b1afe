/**
 * Part 6, in a process of its own (the DynamoDB counter must be installed before the emulator starts): what the
 * reminders of open action items cost over a month. The embedded runtime, N open items (each owner with mail, the
 * link mailed already, due dates spread over the month, none marked done: every reminder goes out), and the clock
 * moved one hour at a time through 30 days: each move runs the reminder sweep once, as the EventBridge rule runs
 * it hourly in AWS. Counted: the sweep's invocations and their durations, DynamoDB requests and capacity (inside
 * dynalite), and the mail sent.
 * Usage: tsx bench/reminders.ts '<options as JSON>' <result file>
 */
import '#infra/local/polyfills.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActionStore } from '#adapters/dynamodb-action-store.ts';
import { documentClient, visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { startOfVietnamDay, vietnamDate } from '#domain/clock.ts';
import { type ActionItem, nextTurn } from '#domain/follow-up/items.ts';
import { makeLinkToken, newNonce, tokenHash } from '#domain/links.ts';
import type { Visit } from '#domain/visit.ts';
import { FUNCTIONS } from '#functions/manifest.ts';
import { Client } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { PEOPLE, seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { installDynamoCounter } from './support/dynalite-counter.ts';
import { diff, type Snapshot } from './support/proxy.ts';
import { round } from './support/stats.ts';

export interface RemindersOptions {
  /** open items followed through the month */
  items: number;
  /** hours the clock moves through, one sweep each (720: 30 days) */
  hours: number;
}

export interface RemindersResult {
  items: number;
  hours: number;
  /** sweep invocations, and their billed GB-seconds (measured durations, rounded up to 1 ms) */
  invocations: number;
  gbSeconds: number;
  /** a sweep's median duration, here against the emulators */
  sweepMsP50: number;
  dynamodb: Snapshot;
  /** reminders sent (one recipient each) */
  reminders: number;
  wallMs: number;
}

const ITEMS_PER_VISIT = 20;

const opts = JSON.parse(process.argv[2] ?? '{}') as RemindersOptions;
const resultFile = process.argv[3] ?? '';
// the handlers' structured logs go nowhere here: a sweep logs one line per run
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{') && text.includes('"level"')) return true;
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
}

const dynamo = installDynamoCounter();
const durations: number[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-reminders-'));
const runtime = await startLocalRuntime({
  dataDir,
  port: 0,
  quiet: true,
  onInvoke: (fn, ms) => {
    if (fn === 'sendActionReminders') durations.push(ms);
  },
});
try {
  const client = new Client(runtime.url);
  const start = new Date(await client.clock({ advanceDays: 0 }));
  const today = vietnamDate(start);

  // the visits, archived, and their open items: each link mailed, due dates spread evenly over the month
  const visits = visitStore();
  const actions = createActionStore(documentClient(), LOCAL_NAMES.table);
  const key = await linkKeys().current();
  const at = start.toISOString();
  const days = Math.max(1, Math.floor(opts.hours / 24));
  for (let v = 0; v * ITEMS_PER_VISIT < opts.items; v++) {
    const id = `${today.replaceAll('-', '')}-BENCH${String(v).padStart(5, '0')}`;
    const visit: Visit = {
      id,
      status: 'ARCHIVED',
      version: 1,
      request: seedRequest(today),
      owner: { email: PEOPLE.requester, name: 'Nguyễn Thị Hương', agencyId: 'btgtu-thanh-hoa' },
      minutes: seedMinutes(today),
      agendaVersion: 1,
      minutesVersion: 1,
      createdAt: at,
      updatedAt: at,
    };
    await visits.createVisit(visit);
    for (let i = 0; i < ITEMS_PER_VISIT && v * ITEMS_PER_VISIT + i < opts.items; i++) {
      const n = v * ITEMS_PER_VISIT + i;
      const nonce = newNonce();
      const itemId = `a${i + 1}`;
      const due = vietnamDate(startOfVietnamDay(today, 1 + (n % days)));
      const item: ActionItem = {
        visitId: id,
        id: itemId,
        task: `Nhiệm vụ số ${n + 1}`,
        owner: 'Văn phòng Ban',
        ownerEmail: PEOPLE.hostStaff,
        ownerName: 'Trần Thị Thu Hà',
        due,
        status: 'open',
        hostAgencyId: visit.request.hostAgencyId,
        visitingAgencyId: visit.request.visitingAgencyId,
        visitTitle: visit.request.title,
        language: 'vi',
        keyId: key.id,
        nonce,
        tokenHash: tokenHash(
          makeLinkToken({ visitId: id, approvalId: itemId, keyId: key.id, nonce }, key.key),
        ),
        remindedThrough: at,
        reminders: 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await actions.createAction({ ...item, nextAt: nextTurn(item)?.at });
    }
  }

  const before = dynamo.snapshot();
  const mailsBefore = (await client.outbox()).length;
  durations.length = 0;
  const started = performance.now();
  for (let h = 0; h < opts.hours; h++) await client.clock({ advanceDays: 1 / 24 });
  const wallMs = performance.now() - started;
  const reminders = (await client.outbox()).length - mailsBefore;

  const sorted = [...durations].sort((a, b) => a - b);
  const result: RemindersResult = {
    items: opts.items,
    hours: opts.hours,
    invocations: durations.length,
    gbSeconds: round(
      durations.reduce(
        (s, ms) => s + (Math.ceil(ms) / 1000) * (FUNCTIONS.sendActionReminders.memoryMb / 1024),
        0,
      ),
      4,
    ),
    sweepMsP50: round(sorted[Math.floor(sorted.length / 2)] ?? 0, 2),
    dynamodb: diff(dynamo.snapshot(), before),
    reminders,
    wallMs: Math.round(wallMs),
  };
  writeFileSync(resultFile, JSON.stringify(result));
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
