/**
 * Bundles a module the way the stack's house function construct does (infra/aws/service-function.ts): one minified
 * ES module for Node, AWS SDK inside, `module` before `main`, and the banner that defines `require`. The target is
 * node22 rather than the stack's node24 so the bundle also loads on the Node 20 that times it.
 */
import { writeFileSync } from 'node:fs';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES } from '#infra/bundling.ts';

export const BUNDLE_TARGET = 'node22';

const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

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

export async function bundle(entry: string, outfile: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    alias: BUNDLE_ALIASES,
    metafile: true,
    logLevel: 'silent',
  });
  const meta: Metafile = result.metafile;
  const byPackage: Record<string, number> = {};
  let bytes = 0;
  for (const out of Object.values(meta.outputs)) {
    bytes += out.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const key = packageOf(input);
      byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
    }
  }
  writeFileSync(`${outfile}.meta.json`, JSON.stringify(meta));
  return { file: outfile, bytes, byPackage };
}

/** The largest contributors, as "name 123 KB" strings. */
export function topPackages(b: Bundle, count = 3): string[] {
  return Object.entries(b.byPackage)
    .sort((x, y) => y[1] - x[1])
    .slice(0, count)
    .map(([name, n]) => `${name} ${(n / 1024).toFixed(0)} KB`);
}
