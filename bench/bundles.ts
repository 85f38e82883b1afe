/**
 * Part 2: each manifest function bundled as the stack bundles it; its size, and the time a fresh `node` process
 * takes to load it, as a ratio to an empty `node -e 0` (medians, runs interleaved so drift hits both alike).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ENV, FUNCTIONS, type FunctionName } from '#functions/manifest.ts';
import { BUNDLE_TARGET, bundle, topPackages } from './support/bundle.ts';
import { ROOT } from './support/paths.ts';
import { median, round } from './support/stats.ts';

export interface BundleRow {
  fn: FunctionName;
  kind: string;
  documents: boolean;
  bytes: number;
  kb: number;
  importMs: number;
  ratio: number;
  top: string[];
  limitKb: number | null;
  limitRatio: number | null;
  ok: boolean;
}

export interface BundlesResult {
  target: string;
  runs: number;
  emptyNodeMs: number;
  rows: BundleRow[];
}

/** Values for every variable the functions read, so that nothing fails at load for want of configuration. */
function loadEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-southeast-1',
    HOME: process.env.HOME,
  };
  for (const name of Object.values(ENV)) env[name] = name === ENV.archiveRetentionDays ? '30' : 'bench';
  env[ENV.publicUrl] = 'https://bench.example';
  return env;
}

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr.toString().slice(0, 2000)}`);
  return ms;
}

export async function benchBundles(opts: {
  dir: string;
  runs: number;
  only?: readonly FunctionName[];
}): Promise<BundlesResult> {
  const names = (opts.only ?? (Object.keys(FUNCTIONS) as FunctionName[])).filter((n) => n in FUNCTIONS);
  const built = [];
  for (const fn of names) {
    const spec = FUNCTIONS[fn];
    built.push({ fn, b: await bundle(join(ROOT, spec.entry), join(opts.dir, `${fn}.mjs`)) });
  }
  const env = loadEnv();
  const empty: number[] = [];
  const times = new Map<FunctionName, number[]>(names.map((n) => [n, []]));
  wallMs(['-e', '0'], env); // warm the file cache
  for (let r = 0; r < opts.runs; r++) {
    empty.push(wallMs(['-e', '0'], env));
    for (const { fn, b } of built) times.get(fn)!.push(wallMs([b.file], env));
  }
  const emptyNodeMs = median(empty);
  const rows = built.map(({ fn, b }): BundleRow => {
    const spec: { kind: string; documents?: boolean; pdf?: boolean; access: readonly string[] } =
      FUNCTIONS[fn];
    const documents = spec.documents === true;
    const onHttpPath = spec.kind === 'http' || spec.kind === 'authorizer';
    // checking signatures carries the PKI library (pkijs, asn1js): the auditors' verify page alone
    const verifies = spec.access.includes('signatureRoots:read') && !spec.pdf;
    const importMs = median(times.get(fn)!);
    const ratio = importMs / emptyNodeMs;
    // a PDF-drawing function carries the PDF writer, the font engine and the PKI library besides docx
    const limitKb = spec.pdf ? 2000 : documents ? 1200 : verifies ? 1000 : onHttpPath ? 500 : null;
    const limitRatio = onHttpPath && !documents && !verifies ? 2.2 : null;
    const kb = b.bytes / 1024;
    return {
      fn,
      kind: spec.kind,
      documents,
      bytes: b.bytes,
      kb: round(kb, 1),
      importMs: round(importMs, 1),
      ratio: round(ratio, 2),
      top: topPackages(b),
      limitKb,
      limitRatio,
      ok: (limitKb === null || kb <= limitKb) && (limitRatio === null || ratio <= limitRatio),
    };
  });
  return { target: BUNDLE_TARGET, runs: opts.runs, emptyNodeMs: round(emptyNodeMs, 1), rows };
}
