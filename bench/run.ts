/**
 * `npm run bench`: every benchmark in one run on this machine's embedded stack, side by side; writes
 * BENCHMARKS.md and bench/results.json. `--tiny` runs the same harness with a handful of samples (for the test).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BundlesResult, benchBundles } from './bundles.ts';
import { type CostResult, costOf, type ReminderCostResult, reminderCostOf } from './cost.ts';
import { benchDocuments, type DocumentsResult } from './documents.ts';
import type { LifecycleOptions, LifecycleResult } from './lifecycle.ts';
import { benchPdf, type PdfResult } from './pdf.ts';
import type { RemindersOptions, RemindersResult } from './reminders.ts';
import { renderReport } from './report.ts';
import { ROOT } from './support/paths.ts';

export interface BenchOptions {
  tiny: boolean;
  markdownFile: string;
  resultsFile: string;
  log?: (line: string) => void;
}

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  commit: string;
  loadAverage: { start: number[]; end: number[] };
}

export interface Results {
  tiny: boolean;
  machine: Machine;
  durationSeconds: number;
  documents: DocumentsResult;
  bundles: BundlesResult;
  lifecycle: LifecycleResult;
  cost: CostResult;
  reminders: RemindersResult;
  reminderCost: ReminderCostResult;
  pdf: PdfResult;
}

const SIZES = {
  full: {
    documents: { builds: 200, coldSamples: 5 },
    bundles: { runs: 10 },
    pdf: { runs: 20, coldSamples: 5 },
    lifecycle: { visits: 100, ceilingPuts: 3000, archiveSmall: 100, archiveLarge: 10_000, searches: 50 },
    reminders: { items: 1000, hours: 720 },
  },
  tiny: {
    documents: { builds: 5, coldSamples: 1 },
    bundles: { runs: 1, only: ['healthz', 'listAgencies'] as const },
    pdf: { runs: 1, coldSamples: 1 },
    lifecycle: { visits: 2, ceilingPuts: 50, archiveSmall: 5, archiveLarge: 15, searches: 2 },
    reminders: { items: 20, hours: 48 },
  },
};

function commit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const id = head.status === 0 ? head.stdout.trim() : 'unknown';
  return dirty.stdout.trim() ? `${id} (with uncommitted changes)` : id;
}

/** Runs one part in a process of its own (`tsx bench/<part>.ts '<options>' <result file>`) and reads its result. */
function runPart<T>(
  part: 'lifecycle' | 'reminders',
  opts: object,
  dir: string,
  log: (line: string) => void,
): Promise<T> {
  const file = join(dir, `${part}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, `bench/${part}.ts`), JSON.stringify(opts), file],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.startsWith(`  [${part}]`)) log(line.trim());
      tail = (tail + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the ${part} benchmark exited with ${code}:\n${tail}`));
      else resolve(JSON.parse(readFileSync(file, 'utf8')) as T);
    });
  });
}

export async function runBench(opts: BenchOptions): Promise<Results> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const size = opts.tiny ? SIZES.tiny : SIZES.full;
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'ev-bench-'));
  const machine: Machine = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    commit: commit(),
    loadAverage: { start: loadavg().map((x) => Math.round(x * 100) / 100), end: [] },
  };
  try {
    log('1/5 documents');
    const documents = await benchDocuments({ dir, ...size.documents });
    log('2/5 signed PDF copies');
    const pdf = await benchPdf({ dir, ...size.pdf });
    log('3/5 bundles');
    const bundles = await benchBundles({ dir, ...size.bundles });
    log('4/5 lifecycle, cost and archive, reminders (embedded stack)');
    const lifecycle = await runPart<LifecycleResult>(
      'lifecycle',
      size.lifecycle satisfies LifecycleOptions,
      dir,
      log,
    );
    const cost = costOf(lifecycle, bundles);
    const reminders = await runPart<RemindersResult>(
      'reminders',
      size.reminders satisfies RemindersOptions,
      dir,
      log,
    );
    machine.loadAverage.end = loadavg().map((x) => Math.round(x * 100) / 100);
    const results: Results = {
      tiny: opts.tiny,
      machine,
      durationSeconds: Math.round((performance.now() - started) / 1000),
      documents,
      bundles,
      lifecycle,
      cost,
      reminders,
      reminderCost: reminderCostOf(reminders),
      pdf,
    };
    log('5/5 report');
    writeFileSync(opts.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(opts.markdownFile, renderReport(results));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tiny = process.argv.includes('--tiny');
  // a tiny run is a smoke test: its numbers mean nothing, so they stay out of the repository
  const out = tiny ? mkdtempSync(join(tmpdir(), 'ev-bench-tiny-')) : undefined;
  const results = await runBench({
    tiny,
    markdownFile: out ? join(out, 'BENCHMARKS.md') : join(ROOT, 'BENCHMARKS.md'),
    resultsFile: out ? join(out, 'results.json') : join(ROOT, 'bench/results.json'),
  });
  console.log(`done in ${results.durationSeconds} s${out ? ` (tiny run, written to ${out})` : ''}`);
}
