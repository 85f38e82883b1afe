/**
 * Parts 3, 4 and 5, in a process of their own (so its peak memory is the runtime's): the embedded runtime with
 * counting proxies in front of DynamoDB, S3 and SES; the emulator's own PutItem ceiling; N visits submitted at once
 * and driven through the HTTP API to ARCHIVED; one visit with a revision and one with reminders and an escalation
 * (state transitions from the executions' histories); then the archive search with a small and a large index.
 * Usage: tsx bench/lifecycle.ts '<options as JSON>' <result file>
 */
import '#infra/local/polyfills.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { seedAgency } from '#domain/directory/seed.ts';
import { POLICY } from '#domain/policy.ts';
import type { ArchiveEntry } from '#domain/ports.ts';
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import { Client } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { PEOPLE, seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { DYNAMODB_WRITES, installDynamoCounter } from './support/dynalite-counter.ts';
import { linkPath, type Mail, MailWatch } from './support/mail-watch.ts';
import { type Counter, diff, type Snapshot, startCounter } from './support/proxy.ts';
import { round, type Summary, summarize } from './support/stats.ts';

export interface LifecycleOptions {
  visits: number;
  ceilingPuts: number;
  archiveSmall: number;
  archiveLarge: number;
  searches: number;
}

const SUBJECT = {
  approval: /^Đề nghị phê duyệt chương trình làm việc/,
  reminder: /^\[Nhắc việc\] Đề nghị phê duyệt/,
  revision: /^Yêu cầu chỉnh sửa đề nghị/,
  approved: /^Đã phê duyệt/,
  signoff: /^Đề nghị chủ tọa duyệt biên bản/,
  archived: /^Biên bản đã được lưu trữ/,
  cancelled: /^Hủy chuyến công tác/,
  resent: /^\[Gửi lại\] Đề nghị phê duyệt/,
};

/** Usage of one phase: requests by service and operation, Lambda invocations and their durations, log bytes. */
export interface Usage {
  dynamodb: Snapshot;
  s3: Record<string, number>;
  ses: Record<string, number>;
  /** recipients of the mail sent (SES charges per recipient) */
  mailRecipients: number;
  apiRequests: number;
  invocations: Record<string, { count: number; ms: number; gbSeconds: number }>;
  logBytes: number;
}

export interface LifecycleResult {
  visits: number;
  wallMs: number;
  visitsPerSecond: number;
  steps: Record<string, Summary>;
  perVisit: {
    dynamodbWrites: number;
    dynamodbReads: number;
    writeCapacityUnits: number;
    indexKeyWrites: number;
    s3Requests: number;
    sesRequests: number;
    mailRecipients: number;
    apiRequests: number;
    invocations: number;
    gbSeconds: number;
    logBytes: number;
  };
  usage: Usage;
  peakRssMb: number;
  maxRssMb: number;
  ceiling: { puts: number; concurrency: number; putsPerSecond: number };
  /** visits/s the ceiling would allow at this many writes per visit, and the share of it reached */
  ceilingVisitsPerSecond: number;
  fractionOfCeiling: number;
  /** one visit at a time (the happy path alone is the one priced) */
  scenarios: Record<'happy' | 'revision' | 'reminderEscalation', { transitions: number; usage: Usage }>;
  /** the changes to a visit, each path alone: cancelled while awaiting approval; rescheduled after approval,
   * reassigned, or a link resent, each then played to the archive */
  changes: Record<'cancelled' | 'rescheduled' | 'reassigned' | 'resent', { transitions: number }>;
  /** the N visits' transitions: min and max, and the states some entered more often (retries under load) */
  underLoad: { minTransitions: number; maxTransitions: number; extraStates: Record<string, number> };
  archive: {
    small: { entries: number; latest: Summary; filtered: Summary };
    large: { entries: number; latest: Summary; filtered: Summary };
    seedMs: number;
    ratioLatest: number;
    ratioFiltered: number;
  };
}

const opts = JSON.parse(process.argv[2] ?? '{}') as LifecycleOptions;
const resultFile = process.argv[3] ?? '';

// handler logs would go to CloudWatch: count their bytes here, print nothing
let logBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{') && text.includes('"level"')) {
      logBytes += Buffer.byteLength(text);
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
}
const progress = (line: string) => process.stderr.write(`  [lifecycle] ${line}\n`);

const invocations: { fn: FunctionName; ms: number }[] = [];
const dynamo = installDynamoCounter();
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-'));
const runtime = await startLocalRuntime({
  dataDir,
  port: 0,
  quiet: true,
  onInvoke: (fn, ms) => invocations.push({ fn, ms }),
});
const counters: Record<'s3' | 'ses', Counter> = {
  s3: await startCounter('s3', runtime.env.AWS_ENDPOINT_URL_S3 ?? ''),
  ses: await startCounter('ses', runtime.env.AWS_ENDPOINT_URL_SESV2 ?? ''),
};
// the handlers make their clients on first use, after this: their calls go through the proxies
process.env.AWS_ENDPOINT_URL_S3 = counters.s3.url;
process.env.AWS_ENDPOINT_URL_SESV2 = counters.ses.url;

let apiRequests = 0;
class CountingClient extends Client {
  override async request<T = Record<string, unknown>>(...args: Parameters<Client['request']>) {
    if (!args[1].startsWith('/local/')) apiRequests++;
    return super.request<T>(...args);
  }
}
const client = new CountingClient(runtime.url);
const mails = new MailWatch(runtime.mailViewerUrl, counters.ses);

interface Mark {
  dynamodb: Snapshot;
  s3: Record<string, number>;
  ses: Record<string, number>;
  mails: number;
  api: number;
  invocations: number;
  logBytes: number;
}
const mark = (): Mark => ({
  dynamodb: dynamo.snapshot(),
  s3: { ...counters.s3.counts },
  ses: { ...counters.ses.counts },
  mails: mails.all.length,
  api: apiRequests,
  invocations: invocations.length,
  logBytes,
});
function usageSince(m: Mark): Usage {
  const now = mark();
  const by: Usage['invocations'] = {};
  for (const { fn, ms } of invocations.slice(m.invocations)) {
    const e = by[fn] ?? { count: 0, ms: 0, gbSeconds: 0 };
    by[fn] = e;
    e.count++;
    e.ms += ms;
    // billed per millisecond, rounded up
    e.gbSeconds += (Math.ceil(ms) / 1000) * (FUNCTIONS[fn].memoryMb / 1024);
  }
  const sub = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]) => [k, v - (b[k] ?? 0)])
        .filter(([, v]) => v !== 0),
    );
  return {
    dynamodb: diff(now.dynamodb, m.dynamodb),
    s3: sub(now.s3, m.s3),
    ses: sub(now.ses, m.ses),
    mailRecipients: mails.all.slice(m.mails).reduce((s, x) => s + x.to.length, 0),
    apiRequests: now.api - m.api,
    invocations: by,
    logBytes: now.logBytes - m.logBytes,
  };
}
const total = (r: Record<string, number>) => Object.values(r).reduce((s, v) => s + v, 0);

function must(status: number, expected: number, what: string): void {
  if (status !== expected) throw new Error(`${what} answered ${status}, expected ${expected}`);
}
const forVisit = (tag: string, to: string, subject: RegExp) => (m: Mail) =>
  m.subject.includes(tag) && m.to.includes(to) && subject.test(m.subject);
const forVisitAny = (tag: string, subject: RegExp) => (m: Mail) =>
  m.subject.includes(tag) && subject.test(m.subject);

function dateAfter(now: string, days: number): string {
  return new Date(Date.parse(now) + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function approve(link: string): Promise<void> {
  const res = await client.request('POST', link, { form: { decision: 'approve' } });
  must(res.status, 200, `approve ${link.slice(0, 12)}`);
}

async function transitions(visitId: string): Promise<number> {
  const arn = `${LOCAL_NAMES.stateMachineArn.replace(':stateMachine:', ':execution:')}:${visitId}`;
  const { events } = await runtime.sfn.getExecutionHistory(arn);
  return events.filter((e) => e.type.endsWith('StateEntered')).length;
}

// --- the emulator's own write ceiling --------------------------------------------------------------------------

async function putCeiling(endpoint: string, puts: number, concurrency: number): Promise<number> {
  const ddb = new DynamoDBClient({ endpoint });
  const payload = 'x'.repeat(600);
  // warm up: connections, the client's first-call setup
  for (let i = 0; i < concurrency; i++)
    await ddb.send(
      new PutItemCommand({
        TableName: LOCAL_NAMES.table,
        Item: { PK: { S: `BENCH#warm#${i}` }, SK: { S: 'W' } },
      }),
    );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < puts; i = next++) {
        await ddb.send(
          new PutItemCommand({
            TableName: LOCAL_NAMES.table,
            Item: { PK: { S: `BENCH#${endpoint.length}#${i}` }, SK: { S: 'CEILING' }, data: { S: payload } },
          }),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  ddb.destroy();
  return puts / seconds;
}

const concurrency = 32;
const ceilingPerSecond = await putCeiling(
  runtime.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
  opts.ceilingPuts,
  concurrency,
);
progress(`ceiling: ${ceilingPerSecond.toFixed(0)} puts/s`);

// --- N visits at once -------------------------------------------------------------------------------------------

const steps = {
  submitToApprovalMail: [] as number[],
  approvalToNextMail: [] as number[],
  minutesToSignoffMail: [] as number[],
  signoffToArchived: [] as number[],
  minutesToArchived: [] as number[],
};
const now0 = await client.clock({ advanceDays: 0 });
const startDate = dateAfter(now0, 30);
const ids: string[] = [];
const tagOf = new Map<string, string>();
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
// sign in everyone once, outside the timed part
for (const who of [PEOPLE.requester, PEOPLE.secretary, PEOPLE.auditor]) await client.token(who);

const before = mark();
const started = performance.now();
const tags = Array.from({ length: opts.visits }, (_, i) => `[bench ${String(i + 1).padStart(5, '0')}]`);
await Promise.all(
  tags.map(async (tag) => {
    const request = seedRequest(startDate);
    request.title = `${request.title} ${tag}`;
    const t0 = performance.now();
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: request,
    });
    must(res.status, 201, 'submit');
    ids.push(res.body.id);
    tagOf.set(res.body.id, tag);
    const first = await mails.wait(forVisit(tag, PEOPLE.approver1, SUBJECT.approval));
    steps.submitToApprovalMail.push(first.at - t0);
    const t1 = performance.now();
    await approve(linkPath(first, '/approve/'));
    const second = await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval));
    steps.approvalToNextMail.push(second.at - t1);
    const t2 = performance.now();
    await approve(linkPath(second, '/approve/'));
    const approved = await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
    steps.approvalToNextMail.push(approved.at - t2);
  }),
);
// every execution now waits for the minutes; the visit took place: move the clock past it
await runtime.sfn.idle();
await client.clock({ now: `${startDate}T12:00:00+07:00` });
await Promise.all(
  ids.map(async (id) => {
    const t = tagOf.get(id) ?? '';
    const t0 = performance.now();
    const res = await client.request('POST', `/visits/${id}/minutes`, {
      as: PEOPLE.secretary,
      body: seedMinutes(startDate),
    });
    must(res.status, 201, 'minutes');
    const signoff = await mails.wait(forVisit(t, PEOPLE.chair, SUBJECT.signoff));
    steps.minutesToSignoffMail.push(signoff.at - t0);
    const t1 = performance.now();
    await approve(linkPath(signoff, '/approve/'));
    const archived = await mails.wait(forVisitAny(t, SUBJECT.archived));
    steps.signoffToArchived.push(archived.at - t1);
    steps.minutesToArchived.push(archived.at - t0);
  }),
);
const wallMs = performance.now() - started;
clearInterval(sampler);
const usage = usageSince(before);
progress(`${opts.visits} visits archived in ${(wallMs / 1000).toFixed(1)} s`);

const n = opts.visits;
const dynamoWrites = Object.entries(usage.dynamodb.counts)
  .filter(([op]) => DYNAMODB_WRITES.has(op))
  .reduce((s, [, v]) => s + v, 0);
const dynamoReads = total(usage.dynamodb.counts) - dynamoWrites;
const writeUnits = usage.dynamodb.capacity.write ?? 0;
const invocationCount = Object.values(usage.invocations).reduce((s, v) => s + v.count, 0);
const gbSeconds = Object.values(usage.invocations).reduce((s, v) => s + v.gbSeconds, 0);
const writesPerVisit = dynamoWrites / n;
const visitsPerSecond = n / (wallMs / 1000);
const ceilingVisitsPerSecond = ceilingPerSecond / writesPerVisit;

// --- state transitions: the happy path, one revision, reminders and an escalation ------------------------------

/** How many of the N executions entered each state more often than the fewest did (retries under load). */
async function extraStates(): Promise<Record<string, number>> {
  const entered = await Promise.all(
    ids.map(async (id) => {
      const arn = `${LOCAL_NAMES.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;
      const { events } = await runtime.sfn.getExecutionHistory(arn);
      const by: Record<string, number> = {};
      for (const e of events)
        if (e.type.endsWith('StateEntered')) {
          const name = e.stateEnteredEventDetails?.name ?? '?';
          by[name] = (by[name] ?? 0) + 1;
        }
      return by;
    }),
  );
  const extra: Record<string, number> = {};
  const names = new Set(entered.flatMap((b) => Object.keys(b)));
  for (const name of names) {
    const least = Math.min(...entered.map((b) => b[name] ?? 0));
    for (const b of entered) if ((b[name] ?? 0) > least) extra[name] = (extra[name] ?? 0) + 1;
  }
  return extra;
}
// the archived mail goes out just before the last state: let every execution finish first
await runtime.sfn.idle();
const underLoad = { transitions: await Promise.all(ids.map(transitions)), extraStates: await extraStates() };

async function happyAlone(): Promise<string> {
  const tag = '[bench alone]';
  const { id, start, first } = await submit(tag);
  await approve(linkPath(first, '/approve/'));
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval)), '/approve/'));
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
  await minutesToArchive(id, tag, start);
  return id;
}

async function minutesToArchive(id: string, tag: string, start: string): Promise<void> {
  await runtime.sfn.idle();
  await client.clock({ now: `${start}T12:00:00+07:00` });
  must(
    (
      await client.request('POST', `/visits/${id}/minutes`, {
        as: PEOPLE.secretary,
        body: seedMinutes(start),
      })
    ).status,
    201,
    'minutes',
  );
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.chair, SUBJECT.signoff)), '/approve/'));
  await mails.wait(forVisitAny(tag, SUBJECT.archived));
  await runtime.sfn.idle();
}

async function submit(tag: string): Promise<{ id: string; start: string; first: Mail }> {
  const now = await client.clock({ advanceDays: 0 });
  const start = dateAfter(now, 30);
  const request = seedRequest(start);
  request.title = `${request.title} ${tag}`;
  const res = await client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: request,
  });
  must(res.status, 201, 'submit');
  return {
    id: res.body.id,
    start,
    first: await mails.wait(forVisit(tag, PEOPLE.approver1, SUBJECT.approval)),
  };
}

const happyMark = mark();
const happyId = await happyAlone();
const happyUsage = usageSince(happyMark);

const revisionMark = mark();
let revisionId = '';
{
  const tag = '[bench revision]';
  const { id, start, first } = await submit(tag);
  const res = await client.request('POST', linkPath(first, '/approve/'), {
    form: { decision: 'changes', comment: 'Bổ sung nội dung về cộng tác viên' },
  });
  must(res.status, 200, 'changes');
  const revise = await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.revision));
  const revised = seedRequest(start);
  revised.title = `${revised.title} ${tag}`;
  revised.topics.push('Kinh nghiệm xây dựng đội ngũ cộng tác viên');
  must(
    (await client.request('POST', linkPath(revise, `/visits/${id}/revise/`), { body: revised })).status,
    200,
    'revise',
  );
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver1, SUBJECT.approval)), '/approve/'));
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval)), '/approve/'));
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
  await minutesToArchive(id, tag, start);
  revisionId = id;
}
const revisionUsage = usageSince(revisionMark);

const escalationMark = mark();
let escalationId = '';
{
  const tag = '[bench escalation]';
  const { id, start } = await submit(tag);
  const windowDays = POLICY.approvalWorkingDays + 3;
  for (let r = 1; r <= POLICY.approvalReminders; r++) {
    await client.clock({ advanceDays: windowDays + 0.01 });
    await mails.wait(forVisit(tag, PEOPLE.approver1, SUBJECT.reminder));
  }
  await client.clock({ advanceDays: windowDays + 0.01 });
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.deputy1, SUBJECT.approval)), '/approve/'));
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval)), '/approve/'));
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
  await minutesToArchive(id, tag, start);
  escalationId = id;
}
const escalationUsage = usageSince(escalationMark);

// --- the changes to a visit: the state transitions each path takes ---------------------------------------------

async function post(path: string, as: string, body: Record<string, unknown>, status: number, what: string) {
  must((await client.request('POST', path, { as, body })).status, status, what);
}

/** Both approvers approve the mail each has not yet acted on (the watch hands each mail out once). */
async function approveBoth(tag: string, first?: Mail): Promise<void> {
  const one = first ?? (await mails.wait(forVisit(tag, PEOPLE.approver1, SUBJECT.approval)));
  await approve(linkPath(one, '/approve/'));
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval)), '/approve/'));
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
}

const changeIds = { cancelled: '', rescheduled: '', reassigned: '', resent: '' };
{
  const tag = '[bench cancel]';
  const { id } = await submit(tag);
  await post(`/visits/${id}/cancel`, PEOPLE.requester, { reason: 'bench' }, 200, 'cancel');
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.cancelled));
  await runtime.sfn.idle();
  changeIds.cancelled = id;
}
{
  const tag = '[bench reschedule]';
  const { id, start, first } = await submit(tag);
  await approveBoth(tag, first);
  await runtime.sfn.idle();
  const moved = dateAfter(`${start}T00:00:00+07:00`, 7);
  const body = { startDate: moved, endDate: moved, reason: 'bench' };
  await post(`/visits/${id}/reschedule`, PEOPLE.requester, body, 200, 'reschedule');
  await approveBoth(tag);
  await minutesToArchive(id, tag, moved);
  changeIds.rescheduled = id;
}
{
  const tag = '[bench reassign]';
  const { id, start } = await submit(tag);
  const visit = await client.visit(id, PEOPLE.requester);
  const open = (visit.approvals as { id: string }[])[0]?.id ?? '';
  await post(
    `/visits/${id}/approvals/${open}/reassign`,
    PEOPLE.hostAdmin,
    { toEmail: PEOPLE.deputy1, reason: 'bench' },
    200,
    'reassign',
  );
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.deputy1, SUBJECT.approval)), '/approve/'));
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval)), '/approve/'));
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
  await minutesToArchive(id, tag, start);
  changeIds.reassigned = id;
}
{
  const tag = '[bench resend]';
  const { id, start, first } = await submit(tag);
  // the wait stamps its mail's time just after sending it: let it finish before the clock moves
  await runtime.sfn.idle();
  await client.clock({ advanceDays: (POLICY.resendAfterMinutes + 1) / 1440 });
  const visit = await client.visit(id, PEOPLE.requester);
  const open = (visit.approvals as { id: string }[])[0]?.id ?? '';
  await post(`/visits/${id}/approvals/${open}/resend`, PEOPLE.requester, {}, 202, 'resend');
  const resent = await mails.wait(forVisit(tag, PEOPLE.approver1, SUBJECT.resent));
  if (linkPath(resent, '/approve/') !== linkPath(first, '/approve/'))
    throw new Error('the resent link differs');
  await approve(linkPath(resent, '/approve/'));
  await approve(linkPath(await mails.wait(forVisit(tag, PEOPLE.approver2, SUBJECT.approval)), '/approve/'));
  await mails.wait(forVisit(tag, PEOPLE.requester, SUBJECT.approved));
  await minutesToArchive(id, tag, start);
  changeIds.resent = id;
}
progress('scenarios done');

// --- the archive search, small and large index -----------------------------------------------------------------

const { visitStore } = await import('#adapters/dynamodb-visit-store.ts');
const hostFound = seedAgency('btgdvtu-da-nang');
const visitingFound = seedAgency('btgdvtu-thanh-hoa');
if (!hostFound || !visitingFound) throw new Error('seed agencies missing');
const host = hostFound;
const visiting = visitingFound;
let archived = n + 3;
async function seedArchive(upTo: number): Promise<void> {
  const store = visitStore();
  let next = archived;
  archived = Math.max(archived, upTo);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < upTo; i = next++) {
        const day = new Date(Date.UTC(2020, 0, 1) + (i % 2000) * 86_400_000).toISOString().slice(0, 10);
        const entry: ArchiveEntry = {
          visitId: `bench-${String(i).padStart(6, '0')}`,
          title: `Trao đổi kinh nghiệm số ${i}`,
          hostAgencyId: host.id,
          hostAgency: host.name,
          hostProvince: host.province,
          visitingAgencyId: visiting.id,
          visitingAgency: visiting.name,
          visitingProvince: visiting.province,
          date: day,
          archivedAt: `${day}T10:00:00.000Z`,
          sha256: '0'.repeat(64),
        };
        await store.putArchiveEntry(entry);
      }
    }),
  );
}
async function searches(): Promise<{ latest: Summary; filtered: Summary }> {
  const province = encodeURIComponent(host.province);
  const latest: number[] = [];
  const filtered: number[] = [];
  for (let i = 0; i < opts.searches + 5; i++) {
    for (const [path, into] of [
      ['/archive', latest],
      [`/archive?province=${province}&from=2020-01-01&to=2030-12-31`, filtered],
    ] as const) {
      const t0 = performance.now();
      const res = await client.request('GET', path, { as: PEOPLE.auditor });
      const ms = performance.now() - t0;
      must(res.status, 200, `GET ${path}`);
      if (i >= 5) into.push(ms);
    }
  }
  return { latest: summarize(latest), filtered: summarize(filtered) };
}
await seedArchive(opts.archiveSmall);
const small = { entries: archived, ...(await searches()) };
const seedStarted = performance.now();
await seedArchive(opts.archiveLarge);
const seedMs = performance.now() - seedStarted;
const large = { entries: archived, ...(await searches()) };
progress(`archive: ${small.entries} and ${large.entries} entries`);

const result: LifecycleResult = {
  visits: n,
  wallMs: round(wallMs, 0),
  visitsPerSecond: round(visitsPerSecond, 2),
  steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, summarize(v)])),
  perVisit: {
    dynamodbWrites: round(writesPerVisit, 2),
    dynamodbReads: round(dynamoReads / n, 2),
    writeCapacityUnits: round(writeUnits / n, 2),
    indexKeyWrites: round(usage.dynamodb.indexKeyWrites / n, 2),
    s3Requests: round(total(usage.s3) / n, 2),
    sesRequests: round(total(usage.ses) / n, 2),
    mailRecipients: round(usage.mailRecipients / n, 2),
    apiRequests: round(usage.apiRequests / n, 2),
    invocations: round(invocationCount / n, 2),
    gbSeconds: round(gbSeconds / n, 4),
    logBytes: round(usage.logBytes / n, 0),
  },
  usage,
  peakRssMb: round(peakRss / 2 ** 20, 0),
  maxRssMb: round(process.resourceUsage().maxRSS / 1024, 0),
  ceiling: {
    puts: opts.ceilingPuts,
    concurrency,
    putsPerSecond: round(ceilingPerSecond, 0),
  },
  ceilingVisitsPerSecond: round(ceilingVisitsPerSecond, 2),
  fractionOfCeiling: round(visitsPerSecond / ceilingVisitsPerSecond, 3),
  underLoad: {
    minTransitions: Math.min(...underLoad.transitions),
    maxTransitions: Math.max(...underLoad.transitions),
    extraStates: underLoad.extraStates,
  },
  scenarios: {
    happy: { transitions: await transitions(happyId), usage: happyUsage },
    revision: { transitions: await transitions(revisionId), usage: revisionUsage },
    reminderEscalation: { transitions: await transitions(escalationId), usage: escalationUsage },
  },
  changes: {
    cancelled: { transitions: await transitions(changeIds.cancelled) },
    rescheduled: { transitions: await transitions(changeIds.rescheduled) },
    reassigned: { transitions: await transitions(changeIds.reassigned) },
    resent: { transitions: await transitions(changeIds.resent) },
  },
  archive: {
    small,
    large,
    seedMs: round(seedMs, 0),
    ratioLatest: round(large.latest.p50 / small.latest.p50, 2),
    ratioFiltered: round(large.filtered.p50 / small.filtered.p50, 2),
  },
};
writeFileSync(resultFile, JSON.stringify(result, null, 2));

mails.stop();
await runtime.stop();
for (const c of Object.values(counters)) await c.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
