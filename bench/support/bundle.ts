/**
 * Bundles modules with the house bundler (`#infra/bundling.ts`), the one the stack deploys with, all in one pass,
 * and accounts for each bundle's bytes by package.
 */
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { BUNDLE_FILE, bundleDirOf, bundleEntries } from '#infra/bundling.ts';

export interface Bundle {
  file: string;
  bytes: number;
  /** bytes of the output by package (`@aws-sdk/client-dynamodb`, `docx`, ...; `(ours)` for the repository's code) */
  byPackage: Record<string, number>;
}

function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return '(ours)';
  const rest = path.slice(at + 'node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '?');
}

function accountOf(output: Metafile['outputs'][string]): Pick<Bundle, 'bytes' | 'byPackage'> {
  const byPackage: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = packageOf(input);
    byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
  }
  return { bytes: output.bytes, byPackage };
}

/** Bundles each entry (relative to the repository root) under `dir`; the bundles in the order of the entries. */
export async function bundle(entries: readonly string[], dir: string): Promise<Bundle[]> {
  const meta = await bundleEntries(entries, dir);
  const byEntry = new Map(Object.values(meta.outputs).map((o) => [o.entryPoint, o]));
  return entries.map((entry) => {
    const output = byEntry.get(entry);
    if (!output) throw new Error(`esbuild wrote no bundle for ${entry}`);
    return { file: join(dir, bundleDirOf(entry), BUNDLE_FILE), ...accountOf(output) };
  });
}

/** The largest contributors, as "name 123 KB" strings. */
export function topPackages(b: Bundle, count = 3): string[] {
  return Object.entries(b.byPackage)
    .sort((x, y) => y[1] - x[1])
    .slice(0, count)
    .map(([name, n]) => `${name} ${(n / 1024).toFixed(0)} KB`);
}
