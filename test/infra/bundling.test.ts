import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { FONT_FILES } from '#templates/pdf/fonts.ts';
import { logicalId } from './support.ts';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

let outdir: string;
let stack: ExchangeVisitsStack;
let template: Template;

/** The bundled handler of a function, read from the cloud assembly. */
function bundleOf(fn: Parameters<typeof logicalId>[0]): string {
  const code = template.findResources('AWS::Lambda::Function')[logicalId(fn)]?.Properties.Code;
  const file = join(outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
  expect(existsSync(file), `${file} exists`).toBe(true);
  return readFileSync(file, 'utf8');
}

beforeAll(() => {
  // One synth with real bundling (local esbuild), the way `cdk synth` does it.
  outdir = mkdtempSync(join(tmpdir(), 'cdk-bundling-'));
  ({ stack } = createApp({ outdir, builtinCloudFormationValidation: false }));
  template = Template.fromStack(stack);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('bundling', () => {
  it.each(NAMES)(
    'bundles %s as an ES module exporting its handler, able to require Node built-ins',
    (name) => {
      const bundle = bundleOf(stack.functions.byName[name].fn);
      expect(bundle.startsWith('import { createRequire as __createRequire }')).toBe(true);
      expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    },
  );

  it.each(NAMES)('bundles the AWS SDK into %s instead of importing the runtime copy', (name) => {
    const bundle = bundleOf(stack.functions.byName[name].fn);
    // static imports and esbuild's require shim for externals; the SDK's own error texts mention require("@aws-sdk/…")
    expect(bundle).not.toMatch(/(^|[;}\s])import[^"'()]*?from\s*["']@(aws-sdk|smithy)\//m);
    expect(bundle).not.toMatch(/__require\(["']@(aws-sdk|smithy)\//);
  });

  it.each(NAMES)(
    'puts the fonts, their licence and the ICC profile beside %s only if it draws PDFs',
    (name) => {
      const code =
        template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.byName[name].fn)]
          ?.Properties.Code;
      const dir = join(outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
      const files = [
        ...Object.values(FONT_FILES).map((f) => `fonts/${f}`),
        'fonts/OFL.txt',
        'data/sRGB_IEC61966_2_1.icc',
      ];
      const pdf = (FUNCTIONS[name] as FunctionSpec).pdf === true;
      for (const file of files) expect(existsSync(join(dir, file)), `${name}: ${file}`).toBe(pdf);
      if (pdf) {
        // the WOFF2 decoder fontkit would bring is replaced by Node's Brotli
        expect(bundleOf(stack.functions.byName[name].fn)).toContain('brotliDecompressSync');
      }
    },
  );

  it('bundles the link key rotation function', () => {
    expect(bundleOf(stack.linkKey.rotation.fn)).toContain('AWSPENDING');
  });
});
