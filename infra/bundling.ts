/**
 * How every function is bundled: the one bundler of the stack (infra/aws/service-function.ts, at synthesis), the
 * tests (every function once per run) and the benchmarks (bench/), so that what is tested and measured is what is
 * deployed. Each entry becomes one minified ES module for Node with the AWS SDK inside (the Lambda runtime's copy
 * is not pinned to our versions), `module` before `main`, and a banner that defines `require`.
 *
 * Entries are bundled independently (no code splitting), so bundling several in one esbuild pass, which reads and
 * parses the modules they share once, gives each the same bytes as bundling it alone.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';

/** The repository root: entries are relative to it. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The Lambda runtime's Node.js (infra/aws/service-function.ts RUNTIME); the bundles also load on Node 20. */
export const BUNDLE_TARGET = 'node24';

/** The module each bundle is written as, in a directory of its own: a function's handler is `index.handler`. */
export const BUNDLE_MODULE = 'index';
export const BUNDLE_FILE = `${BUNDLE_MODULE}.mjs`;

/** Modules the bundler replaces: the SDK's default credential chain by the environment-only provider. */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(
    new URL('../functions/commons/lambda-credentials.ts', import.meta.url),
  ),
};

/**
 * ESM bundles have no `require`; some CommonJS dependencies call it (for Node built-ins), so the bundle defines
 * one from `import.meta.url` before anything else runs.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const OPTIONS = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE_TARGET,
  minify: true,
  charset: 'utf8',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  alias: BUNDLE_ALIASES,
  outExtension: { '.js': '.mjs' },
  metafile: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The directory of an entry's bundle inside a directory of bundles: `functions/healthz.ts` → `functions/healthz`. */
export function bundleDirOf(entry: string): string {
  return entry.replace(/\.[cm]?[jt]s$/, '');
}

/**
 * Bundles each entry (a path relative to the repository root) to `<outdir>/<bundleDirOf(entry)>/index.mjs`, all in
 * one esbuild pass; returns esbuild's account of what went into each output.
 */
export async function bundleEntries(entries: readonly string[], outdir: string): Promise<Metafile> {
  const result = await build({
    ...OPTIONS,
    entryPoints: entries.map((entry) => ({ in: entry, out: join(bundleDirOf(entry), BUNDLE_MODULE) })),
    outdir,
  });
  return result.metafile;
}

/** Bundles one entry to `<outdir>/index.mjs`, synchronously (CDK's local bundling is): the bytes `bundleEntries` writes. */
export function bundleEntrySync(entry: string, outdir: string): void {
  buildSync({ ...OPTIONS, entryPoints: [{ in: entry, out: BUNDLE_MODULE }], outdir });
}
