/**
 * Part 4: what a visit costs in AWS, from what the lifecycle run measured (state transitions, Lambda invocations
 * and durations, DynamoDB, S3 and SES requests, mail recipients, API requests, log bytes) and list prices for
 * ap-southeast-1. The prices are written down here by hand with the date they were read: re-check them.
 */
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import type { BundlesResult } from './bundles.ts';
import type { LifecycleResult, Usage } from './lifecycle.ts';
import type { RemindersResult } from './reminders.ts';
import { round } from './support/stats.ts';

/** ap-southeast-1 (Singapore) list prices, USD, no free tier. */
export const PRICES = {
  asOf: '2025-01 (AWS pricing pages; the latest I know — re-check before relying on them)',
  stateTransition: {
    usd: 0.025 / 1000,
    unit: 'Step Functions Standard state transition',
    note: '$0.025 per 1,000',
  },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'Lambda request', note: '$0.20 per million' },
  lambdaGbSecondArm: { usd: 0.0000133334, unit: 'Lambda GB-second, arm64', note: '$0.0000133334 per GB-s' },
  dynamoWriteUnit: {
    usd: 0.7116 / 1e6,
    unit: 'DynamoDB on-demand write request unit',
    note: '$0.7116 per million (after the 2024-11-01 on-demand price cut)',
  },
  dynamoReadUnit: {
    usd: 0.1423 / 1e6,
    unit: 'DynamoDB on-demand read request unit',
    note: '$0.1423 per million (after the 2024-11-01 cut)',
  },
  s3Write: { usd: 0.005 / 1000, unit: 'S3 PUT, COPY, POST, LIST request', note: '$0.005 per 1,000' },
  s3Read: { usd: 0.0004 / 1000, unit: 'S3 GET and other requests', note: '$0.0004 per 1,000' },
  sesRecipient: { usd: 0.1 / 1000, unit: 'SES message per recipient', note: '$0.10 per 1,000' },
  httpApiRequest: {
    usd: 1.2 / 1e6,
    unit: 'API Gateway HTTP API request',
    note: '$1.20 per million (first 300 M)',
  },
  logIngestGb: { usd: 0.7, unit: 'CloudWatch Logs GB ingested', note: '$0.70 per GB' },
  xrayTrace: { usd: 5 / 1e6, unit: 'X-Ray trace recorded', note: '$5.00 per million' },
  scheduledEvent: {
    usd: 0,
    unit: 'EventBridge scheduled event',
    note: 'free (a rule on a schedule delivers its events at no charge)',
  },
} as const;

export interface CostLine {
  item: string;
  perVisit: number;
  unitPrice: string;
  usdPer1000: number;
  how: string;
}

export interface CostResult {
  pricesAsOf: string;
  transitions: { happy: number; revision: number; reminderEscalation: number } & Record<
    'cancelled' | 'rescheduled' | 'reassigned' | 'resent',
    number
  >;
  lines: CostLine[];
  totalPer1000: number;
  /** every invocation a cold start, its INIT billed (since 2025-08 Lambda bills INIT for on-demand functions) */
  coldInitWorstPer1000: number;
}

const S3_WRITES = new Set(['PutObject', 'CopyObject', 'CreateBucket', 'ListObjects']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export function costOf(life: LifecycleResult, bundles: BundlesResult | undefined): CostResult {
  // one happy-path visit run alone: its durations are not queueing time
  const n = 1;
  const u: Usage = life.scenarios.happy.usage;
  const dynamoWrites = Object.entries(u.dynamodb.counts).reduce(
    (s, [op, c]) => s + (WRITES.has(op) ? c : 0),
    0,
  );
  const pv = {
    dynamodbReads: Object.entries(u.dynamodb.counts).reduce(
      (s, [op, c]) => s + (WRITES.has(op) || op.startsWith('local:') ? 0 : c),
      0,
    ),
    writeCapacityUnits: u.dynamodb.capacity.write ?? 0,
    indexKeyWrites: u.dynamodb.indexKeyWrites,
    invocations: Object.values(u.invocations).reduce((s, v) => s + v.count, 0),
    gbSeconds: round(
      Object.values(u.invocations).reduce((s, v) => s + v.gbSeconds, 0),
      4,
    ),
    mailRecipients: u.mailRecipients,
    apiRequests: u.apiRequests,
    logBytes: u.logBytes,
    dynamoWrites,
  };
  const s3Writes = Object.entries(u.s3).reduce((s, [op, c]) => s + (S3_WRITES.has(op) ? c : 0), 0) / n;
  const s3Reads = Object.entries(u.s3).reduce((s, [op, c]) => s + (S3_WRITES.has(op) ? 0 : c), 0) / n;
  const readUnits = Math.max(pv.dynamodbReads, (u.dynamodb.capacity.read ?? 0) / n);
  // each write that sets an index key also writes the index: counted as 2 units (a key change is delete + put)
  const writeUnits = pv.writeCapacityUnits + 2 * pv.indexKeyWrites;
  const transitions = life.scenarios.happy.transitions;
  const P = PRICES;
  const lines: CostLine[] = [
    {
      item: 'Step Functions state transitions',
      perVisit: transitions,
      unitPrice: P.stateTransition.note,
      usdPer1000: transitions * P.stateTransition.usd * 1000,
      how: "state-entered events in the happy path's history",
    },
    {
      item: 'Lambda requests',
      perVisit: pv.invocations,
      unitPrice: P.lambdaRequest.note,
      usdPer1000: pv.invocations * P.lambdaRequest.usd * 1000,
      how: 'handler invocations observed (tasks, HTTP, authorizer)',
    },
    {
      item: 'Lambda GB-seconds (arm64)',
      perVisit: pv.gbSeconds,
      unitPrice: P.lambdaGbSecondArm.note,
      usdPer1000: pv.gbSeconds * P.lambdaGbSecondArm.usd * 1000,
      how: 'measured durations, rounded up to 1 ms, × manifest memory',
    },
    {
      item: 'DynamoDB write request units',
      perVisit: round(writeUnits, 1),
      unitPrice: P.dynamoWriteUnit.note,
      usdPer1000: writeUnits * P.dynamoWriteUnit.usd * 1000,
      how: 'table units as dynalite computes them + 2 per write that sets an index key',
    },
    {
      item: 'DynamoDB read request units',
      perVisit: round(readUnits, 1),
      unitPrice: P.dynamoReadUnit.note,
      usdPer1000: readUnits * P.dynamoReadUnit.usd * 1000,
      how: 'at least one per read request',
    },
    {
      item: 'S3 PUT/COPY/LIST requests',
      perVisit: round(s3Writes, 1),
      unitPrice: P.s3Write.note,
      usdPer1000: s3Writes * P.s3Write.usd * 1000,
      how: 'counted at the S3 emulator',
    },
    {
      item: 'S3 GET/HEAD requests',
      perVisit: round(s3Reads, 1),
      unitPrice: P.s3Read.note,
      usdPer1000: s3Reads * P.s3Read.usd * 1000,
      how: 'counted at the S3 emulator',
    },
    {
      item: 'SES messages (per recipient)',
      perVisit: pv.mailRecipients,
      unitPrice: P.sesRecipient.note,
      usdPer1000: pv.mailRecipients * P.sesRecipient.usd * 1000,
      how: 'recipients of the mail in the outbox',
    },
    {
      item: 'HTTP API requests',
      perVisit: pv.apiRequests,
      unitPrice: P.httpApiRequest.note,
      usdPer1000: pv.apiRequests * P.httpApiRequest.usd * 1000,
      how: 'requests the people made (submit, decisions, minutes); opening pages adds a few',
    },
    {
      item: 'CloudWatch Logs ingested',
      perVisit: pv.logBytes,
      unitPrice: P.logIngestGb.note,
      usdPer1000: (pv.logBytes / 2 ** 30) * P.logIngestGb.usd * 1000,
      how: "bytes of the handlers' structured logs",
    },
    {
      item: 'X-Ray traces (upper bound)',
      perVisit: pv.invocations,
      unitPrice: P.xrayTrace.note,
      usdPer1000: pv.invocations * P.xrayTrace.usd * 1000,
      how: 'one trace per invocation, no sampling (the default rule samples far fewer)',
    },
  ].map((l) => ({ ...l, usdPer1000: round(l.usdPer1000, 4) }));
  const totalPer1000 = round(
    lines.reduce((s, l) => s + l.usdPer1000, 0),
    3,
  );

  // worst case for INIT: every invocation cold, INIT as long as the bundle's measured fresh import
  let initGbs = 0;
  if (bundles) {
    const importMs = new Map(bundles.rows.map((r) => [r.fn, r.importMs]));
    for (const [fn, inv] of Object.entries(u.invocations)) {
      const name = fn as FunctionName;
      initGbs += (inv.count * (importMs.get(name) ?? 0) * FUNCTIONS[name].memoryMb) / 1024 / 1000;
    }
  }
  return {
    pricesAsOf: PRICES.asOf,
    transitions: {
      happy: life.scenarios.happy.transitions,
      revision: life.scenarios.revision.transitions,
      reminderEscalation: life.scenarios.reminderEscalation.transitions,
      cancelled: life.changes.cancelled.transitions,
      rescheduled: life.changes.rescheduled.transitions,
      reassigned: life.changes.reassigned.transitions,
      resent: life.changes.resent.transitions,
    },
    lines,
    totalPer1000,
    coldInitWorstPer1000: round((initGbs / n) * P.lambdaGbSecondArm.usd * 1000, 4),
  };
}

export interface ReminderCostLine {
  item: string;
  perMonth: number;
  unitPrice: string;
  usdPerMonth: number;
  how: string;
}

export interface ReminderCostResult {
  /** what the lines are for: open items followed through a month of 30 days */
  items: number;
  lines: ReminderCostLine[];
  totalPerMonth: number;
  /** the same month with no turn due: the schedule's runs and their index queries alone */
  idlePerMonth: number;
}

/** Hours in the month priced: 30 days, one sweep an hour. */
const MONTH_HOURS = 720;

/**
 * What following 1,000 open items costs a month in AWS, from the reminders run (part 6) scaled to 1,000 items and
 * 30 days: the schedule's invocations, the sweep's Lambda requests and GB-seconds, its DynamoDB reads and writes
 * (priced as the lifecycle's are), and a mail per reminder.
 */
export function reminderCostOf(r: RemindersResult): ReminderCostResult {
  const items = 1000;
  const scale = (MONTH_HOURS / r.hours) * (items / r.items);
  const invocations = MONTH_HOURS;
  const reads = Object.entries(r.dynamodb.counts).reduce(
    (s, [op, c]) => s + (WRITES.has(op) || op.startsWith('local:') ? 0 : c),
    0,
  );
  const readUnits = Math.max(reads, r.dynamodb.capacity.read ?? 0) * scale;
  const writeUnits = ((r.dynamodb.capacity.write ?? 0) + 2 * r.dynamodb.indexKeyWrites) * scale;
  // a sweep's time goes mostly to its reminders: it grows with the items as they do
  const gbSeconds = r.gbSeconds * scale;
  const P = PRICES;
  const lines: ReminderCostLine[] = [
    {
      item: 'EventBridge scheduled events',
      perMonth: invocations,
      unitPrice: P.scheduledEvent.note,
      usdPerMonth: invocations * P.scheduledEvent.usd,
      how: 'one rule, rate(1 hour), whatever the number of items',
    },
    {
      item: 'Lambda requests',
      perMonth: invocations,
      unitPrice: P.lambdaRequest.note,
      usdPerMonth: invocations * P.lambdaRequest.usd,
      how: 'one sweep per scheduled run',
    },
    {
      item: 'Lambda GB-seconds (arm64)',
      perMonth: round(gbSeconds, 2),
      unitPrice: P.lambdaGbSecondArm.note,
      usdPerMonth: gbSeconds * P.lambdaGbSecondArm.usd,
      how: 'measured sweep durations, rounded up to 1 ms, × 256 MB',
    },
    {
      item: 'DynamoDB read request units',
      perMonth: Math.round(readUnits),
      unitPrice: P.dynamoReadUnit.note,
      usdPerMonth: readUnits * P.dynamoReadUnit.usd,
      how: "one index Query per sweep, and per reminder the item's reads and the chain's tail",
    },
    {
      item: 'DynamoDB write request units',
      perMonth: Math.round(writeUnits),
      unitPrice: P.dynamoWriteUnit.note,
      usdPerMonth: writeUnits * P.dynamoWriteUnit.usd,
      how: 'per reminder: the claim, the event, the next turn; + 2 per write that sets an index key',
    },
    {
      item: 'SES messages (per recipient)',
      perMonth: Math.round(r.reminders * scale),
      unitPrice: P.sesRecipient.note,
      usdPerMonth: r.reminders * scale * P.sesRecipient.usd,
      how: 'one mail to the owner per reminder',
    },
  ].map((l) => ({ ...l, usdPerMonth: round(l.usdPerMonth, 4) }));
  const idle =
    invocations * (P.scheduledEvent.usd + P.lambdaRequest.usd) +
    // an index Query that finds nothing still costs half a read unit (eventually consistent)
    invocations * 0.5 * P.dynamoReadUnit.usd;
  return {
    items,
    lines,
    totalPerMonth: round(
      lines.reduce((s, l) => s + l.usdPerMonth, 0),
      3,
    ),
    idlePerMonth: round(idle, 4),
  };
}
