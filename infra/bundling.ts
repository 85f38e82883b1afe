/**
 * How every function is bundled, shared by the stack (infra/aws) and the benchmarks (bench/), so that what is
 * measured is what is deployed.
 */
import { fileURLToPath } from 'node:url';

import { PDF_RUNTIME_FILES } from '#templates/pdf/fonts.ts';

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
 * The shell commands that put the files a PDF-drawing function reads at run time (fonts, ICC profile) beside its
 * bundle, from the repository root `from` to the bundle's folder `to`.
 */
export function pdfAssetCommands(from: string, to: string): string[] {
  return PDF_RUNTIME_FILES.flatMap((f) => {
    const target = `${to}/${f.to}`;
    return [`mkdir -p "${target.replace(/\/[^/]+$/, '')}"`, `cp -R "${from}/${f.from}" "${target}"`];
  });
}
