import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Results, runBench } from '../../bench/run.ts';
import { STARTS_A_PROCESS_MS } from '../support/timeouts.ts';

let dir: string;
let results: Results;
let report: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ev-bench-test-'));
  results = await runBench({
    tiny: true,
    markdownFile: join(dir, 'BENCHMARKS.md'),
    resultsFile: join(dir, 'results.json'),
    log: () => undefined,
  });
  report = readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8');
}, STARTS_A_PROCESS_MS); // the lifecycle part runs in a process of its own

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// The harness in its tiny mode, so that it cannot rot: what it measures is not asserted, only that it measured.
describe('the benchmark harness (tiny run)', () => {
  it('builds every document with our builder, docxtemplater and the floors, and docxtemplater gives the same text', () => {
    expect(results.documents.rows.map((r) => `${r.kind}/${r.case}`)).toEqual([
      'agenda/seed',
      'minutes/seed',
      'agenda/edge',
      'minutes/edge',
    ]);
    for (const row of results.documents.rows) {
      expect(row.ours.n).toBe(5);
      expect(row.docxtemplater.sameText).toBe(true);
      expect(row.cold.samples).toBe(1);
      expect(row.bytes).toBeGreaterThan(1000);
    }
  });

  it('draws, signs and verifies each PDF copy, warm and cold from its bundle', () => {
    expect(results.pdf.rows.map((r) => `${r.kind}/${r.case}`)).toEqual([
      'agenda/seed',
      'minutes/seed',
      'agenda/edge',
      'minutes/edge',
    ]);
    for (const row of results.pdf.rows) {
      expect(row.render.n).toBe(1);
      expect(row.cold.samples).toBe(1);
      expect(row.pages).toBeGreaterThan(0);
    }
    expect(results.pdf.assetsKb).toBeGreaterThan(1000);
    expect(report).toContain('## 7. Signed PDF copies');
  });

  it('bundles functions and times their fresh import', () => {
    expect(results.bundles.rows.length).toBeGreaterThan(0);
    for (const row of results.bundles.rows) expect(row.bytes).toBeGreaterThan(0);
  });

  it('drives visits to the archive and counts what each used', () => {
    const l = results.lifecycle;
    expect(l.visits).toBe(2);
    expect(l.steps.minutesToArchived?.n).toBe(2);
    expect(l.perVisit.dynamodbWrites).toBeGreaterThan(0);
    expect(l.perVisit.s3Requests).toBeGreaterThan(0);
    expect(l.perVisit.mailRecipients).toBeGreaterThan(0);
    expect(l.perVisit.invocations).toBeGreaterThan(0);
    expect(l.ceiling.putsPerSecond).toBeGreaterThan(0);
  });

  it('counts state transitions of the three paths, the longer paths taking more', () => {
    const t = results.cost.transitions;
    expect(t.happy).toBeGreaterThan(0);
    expect(t.revision).toBeGreaterThan(t.happy);
    expect(t.reminderEscalation).toBeGreaterThan(t.happy);
  });

  it('searches the archive with a small and a larger index', () => {
    const a = results.lifecycle.archive;
    expect(a.large.entries).toBeGreaterThan(a.small.entries);
    expect(a.small.latest.n).toBe(2);
  });

  it('runs the reminder sweep once an hour through the hours asked, sending reminders, and prices a month of it', () => {
    const r = results.reminders;
    expect(r.invocations).toBe(r.hours);
    expect(r.reminders).toBeGreaterThan(0);
    expect(r.dynamodb.counts.Query).toBeGreaterThanOrEqual(r.hours);
    expect(results.reminderCost.lines.find((l) => l.item.startsWith('EventBridge'))?.perMonth).toBe(720);
    expect(results.reminderCost.totalPerMonth).toBeGreaterThan(results.reminderCost.idlePerMonth);
  });

  it('writes a report with a table per part', () => {
    for (const heading of [
      '## 1. Documents',
      '## 2. Lambda bundles',
      '## 3.',
      '## 4. Cost',
      '## 5. Archive',
      '## 6. Reminders',
    ])
      expect(report).toContain(heading);
    expect(report).toContain('Tiny run');
  });
});
