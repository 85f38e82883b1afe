/**
 * How every function is bundled: the one bundler of the stack (infra/aws/service-function.ts, at synthesis), the
 * tests (every function once per run) and the benchmarks (bench/), so that what is tested and measured is what is
 * deployed. Each entry becomes one minified ES module for Node with the AWS SDK inside (the Lambda runtime's copy
 * is not pinned to our versions), `module` before `main`, and a banner that defines `require`.
 *
 * Entries are bundled independently (no code splitting), so bundling several in one esbuild pass, which reads and
 * parses the modules they share once, gives each the same bytes as bundling it alone.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';
import { FUNCTIONS } from '#functions/manifest.ts';
import { PDF_RUNTIME_FILES } from '#templates/pdf/fonts.ts';

/** The repository root: entries are relative to it. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The Lambda runtime's Node.js (infra/aws/service-function.ts RUNTIME); the bundles also load on Node 20. */
export const BUNDLE_TARGET = 'node24';

/** The module each bundle is written as, in a directory of its own: a function's handler is `index.handler`. */
export const BUNDLE_MODULE = 'index';
export const BUNDLE_FILE = `${BUNDLE_MODULE}.mjs`;

/**
 * Modules the bundler replaces: the SDK's default credential chain by the environment-only provider, and the
 * `brotli` package (fontkit's WOFF2 decoder) by Node's own Brotli.
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(
    new URL('../functions/commons/lambda-credentials.ts', import.meta.url),
  ),
  brotli: fileURLToPath(new URL('../templates/pdf/brotli-stub', import.meta.url)),
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

/** The entries of the functions that draw PDFs (`pdf: true` in the manifest). */
const PDF_ENTRIES: ReadonlySet<string> = new Set(
  Object.values(FUNCTIONS).flatMap((spec) => ('pdf' in spec && spec.pdf ? [spec.entry] : [])),
);

/**
 * Puts the files a PDF-drawing bundle reads at run time (`PDF_RUNTIME_FILES`: the fonts with their licence, the ICC
 * profile) beside it in `dir`, where the same relative URL finds them as beside the source.
 */
export function putPdfRuntimeFiles(dir: string): void {
  for (const file of PDF_RUNTIME_FILES)
    cpSync(join(ROOT, file.from), join(dir, file.to), { recursive: true });
}

/** The runtime files beside an entry's bundle in `dir` if it draws PDFs; an entry that draws none gets nothing. */
function addRuntimeFiles(entry: string, dir: string): void {
  if (PDF_ENTRIES.has(entry)) putPdfRuntimeFiles(dir);
}

/**
 * Bundles each entry (a path relative to the repository root) to `<outdir>/<bundleDirOf(entry)>/index.mjs`, all in
 * one esbuild pass, with the runtime files of those that draw PDFs beside; returns esbuild's account of what went
 * into each output.
 */
export async function bundleEntries(entries: readonly string[], outdir: string): Promise<Metafile> {
  const result = await build({
    ...OPTIONS,
    entryPoints: entries.map((entry) => ({ in: entry, out: join(bundleDirOf(entry), BUNDLE_MODULE) })),
    outdir,
  });
  for (const entry of entries) addRuntimeFiles(entry, join(outdir, bundleDirOf(entry)));
  return result.metafile;
}

/**
 * Bundles one entry to `<outdir>/index.mjs`, synchronously (CDK's local bundling is): the files `bundleEntries`
 * writes for it.
 */
export function bundleEntrySync(entry: string, outdir: string): void {
  buildSync({ ...OPTIONS, entryPoints: [{ in: entry, out: BUNDLE_MODULE }], outdir });
  addRuntimeFiles(entry, outdir);
}
