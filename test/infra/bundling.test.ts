/**
 * What the stack ships as each function's code. The dev stage is synthesized from this run's bundles
 * (bundle-once.ts) and every assertion reads the code from the cloud assembly, as `cdk deploy` would upload it;
 * that the stack's own bundling at synthesis writes the same bytes is checked on two functions.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleLimitKb } from '#bench/bundles.ts';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import { PREBUILT_BUNDLES_CONTEXT, ServiceFunction } from '#infra/aws/service-function.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { BUNDLE_FILE, bundleDirOf } from '#infra/bundling.ts';
import { FONT_FILES } from '#templates/pdf/fonts.ts';
import { logicalId } from './support.ts';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];
/** the functions with a size limit: those on the HTTP path and those that build documents */
const LIMITED = NAMES.filter((name) => bundleLimitKb(FUNCTIONS[name]) !== null);
/** A namespace that only the `docx` library writes into a package (our templates write none of its parts). */
const DOCX_MARK = 'http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas';

const bundlesDir = inject('bundlesDir');
const outdirs: string[] = [];
let stack: ExchangeVisitsStack;
let template: Template;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-bundling-'));
  outdirs.push(dir);
  return dir;
}

/** The directory of a function's code in the cloud assembly its stack was synthesized into. */
function assetDir(fn: ServiceFunction, from: Template = template): string {
  const outdir = Stage.of(fn)!.outdir;
  const code = from.findResources('AWS::Lambda::Function')[logicalId(fn.fn)]?.Properties.Code;
  return join(outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
}

/** The handler bundle of a function, as its stack ships it. */
function shipped(fn: ServiceFunction, from: Template = template): string {
  return readFileSync(join(assetDir(fn, from), BUNDLE_FILE), 'utf8');
}

/** What a PDF-drawing function reads beside its bundle: the fonts with their licence, and the ICC profile. */
const PDF_FILES = [
  ...Object.values(FONT_FILES).map((f) => `fonts/${f}`),
  'fonts/OFL.txt',
  'data/sRGB_IEC61966_2_1.icc',
];

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const shippedBy = (name: FunctionName) => shipped(stack.functions.byName[name]);

beforeAll(() => {
  // code is read here, so the stack takes the run's bundles; cdk-nag is stack.test.ts's concern
  ({ stack } = createApp({
    outdir: tempDir(),
    nag: false,
    builtinCloudFormationValidation: false,
    context: { [PREBUILT_BUNDLES_CONTEXT]: bundlesDir },
  }));
  template = Template.fromStack(stack);
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('each function as the stack ships it', () => {
  it.each(NAMES)('%s is an ES module exporting its handler, able to require Node built-ins', (name) => {
    const bundle = shippedBy(name);
    expect(bundle.startsWith('import { createRequire as __createRequire }')).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
  });

  it.each(NAMES)('%s carries the AWS SDK instead of importing the runtime copy', (name) => {
    const bundle = shippedBy(name);
    // static imports and esbuild's require shim for externals; the SDK's own error texts mention require("@aws-sdk/…")
    expect(bundle).not.toMatch(/(^|[;}\s])import[^"'()]*?from\s*["']@(aws-sdk|smithy)\//m);
    expect(bundle).not.toMatch(/__require\(["']@(aws-sdk|smithy)\//);
  });

  it.each(NAMES)('%s carries the docx library only if it builds documents', (name) => {
    const spec: FunctionSpec = FUNCTIONS[name];
    expect(shippedBy(name).includes(DOCX_MARK)).toBe(spec.documents === true);
  });

  it.each(LIMITED)('%s stays within the size the benchmarks hold it to', (name) => {
    expect(Buffer.byteLength(shippedBy(name)) / 1024).toBeLessThanOrEqual(bundleLimitKb(FUNCTIONS[name])!);
  });

  it.each(NAMES)(
    'puts the fonts, their licence and the ICC profile beside %s only if it draws PDFs',
    (name) => {
      const dir = assetDir(stack.functions.byName[name]);
      const pdf = (FUNCTIONS[name] as FunctionSpec).pdf === true;
      for (const file of PDF_FILES) expect(existsSync(join(dir, file)), `${name}: ${file}`).toBe(pdf);
      // the WOFF2 decoder fontkit would bring is replaced by Node's Brotli
      if (pdf) expect(shippedBy(name)).toContain('brotliDecompressSync');
    },
  );

  it('the link key rotation function is bundled too', () => {
    const bundle = shipped(stack.linkKey.rotation);
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(bundle).toContain('AWSPENDING');
  });
});

describe('bundling at synthesis', () => {
  it('writes the same bytes as the bundles the tests synthesize from', () => {
    // `cdk synth` bundles each function as its asset is staged; two small functions, enough to tell their assets apart
    const app = new App({ outdir: tempDir(), builtinCloudFormationValidation: false });
    const scope = new Stack(app, 'Bundled');
    const fns = (['healthz', 'listAgencies'] as const).map(
      (name) =>
        [
          name,
          new ServiceFunction(scope, name, {
            spec: FUNCTIONS[name],
            logRetention: logs.RetentionDays.ONE_DAY,
            invocation: 'tested',
          }),
        ] as const,
    );
    const bundled = Template.fromStack(scope);
    for (const [name, fn] of fns) {
      const prebuilt = readFileSync(
        join(bundlesDir, bundleDirOf(FUNCTIONS[name].entry), BUNDLE_FILE),
        'utf8',
      );
      expect(sha256(shipped(fn, bundled)), name).toBe(sha256(prebuilt));
    }
  });

  it('puts the same runtime files beside a PDF-drawing function as the bundles the tests synthesize from', () => {
    const app = new App({ outdir: tempDir(), builtinCloudFormationValidation: false });
    const fn = new ServiceFunction(new Stack(app, 'BundledPdf'), 'decide', {
      spec: FUNCTIONS.decide,
      logRetention: logs.RetentionDays.ONE_DAY,
      invocation: 'tested',
    });
    const dir = assetDir(fn, Template.fromStack(Stack.of(fn)));
    const prebuilt = join(bundlesDir, bundleDirOf(FUNCTIONS.decide.entry));
    for (const file of PDF_FILES)
      expect(sha256(readFileSync(join(dir, file))), file).toBe(sha256(readFileSync(join(prebuilt, file))));
  });
});
