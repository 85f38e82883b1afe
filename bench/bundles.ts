/**
 * Part 2: each manifest function bundled as the stack bundles it; its size, and the time a fresh `node` process
 * takes to load it, as a ratio to an empty `node -e 0` (medians, runs interleaved so drift hits both alike).
 */
import { spawnSync } from 'node:child_process';
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { BUNDLE_TARGET } from '#infra/bundling.ts';
import { bundle, topPackages } from './support/bundle.ts';
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

/** Checking signatures carries the PKI library (pkijs, asn1js): the auditors' verify page alone. */
function verifiesSignatures(spec: Pick<FunctionSpec, 'access' | 'pdf'>): boolean {
  return spec.access.includes('signatureRoots:read') && !spec.pdf;
}

/**
 * The size a function's bundle should stay within, in KB: a PDF-drawing function 2 MB (the PDF writer, the font
 * engine and the PKI library besides docx), document functions 1.2 MB, the signature-checking one 1 MB, the HTTP
 * path 500 KB, and 650 KB for the HTTP functions that mail a document themselves (an administrator's substitute or
 * reassignment: the mail and storage clients come with the mail).
 */
export function bundleLimitKb(
  spec: Pick<FunctionSpec, 'kind' | 'documents' | 'pdf' | 'access'>,
): number | null {
  if (spec.pdf) return 2000;
  if (spec.documents) return 1200;
  if (verifiesSignatures(spec)) return 1000;
  if (spec.kind === 'http' && spec.access.includes('mail:send') && spec.access.includes('documents:read'))
    return 650;
  return spec.kind === 'http' || spec.kind === 'authorizer' ? 500 : null;
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
  const bundles = await bundle(
    names.map((fn) => FUNCTIONS[fn].entry),
    opts.dir,
  );
  const built = names.map((fn, i) => ({ fn, b: bundles[i]! }));
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
    const spec: FunctionSpec = FUNCTIONS[fn];
    const documents = spec.documents === true;
    const onHttpPath = spec.kind === 'http' || spec.kind === 'authorizer';
    const importMs = median(times.get(fn)!);
    const ratio = importMs / emptyNodeMs;
    const limitKb = bundleLimitKb(spec);
    const limitRatio = onHttpPath && !documents && !verifiesSignatures(spec) ? 2.2 : null;
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
