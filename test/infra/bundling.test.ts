/**
 * What the stack ships as each function's code. The dev stage is synthesized from this run's bundles
 * (bundle-once.ts) and every assertion reads the code from the cloud assembly, as `cdk deploy` would upload it;
 * that the stack's own bundling at synthesis writes the same bytes is checked on two functions.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The handler bundle of a function, read from the cloud assembly its stack was synthesized into. */
function shipped(fn: ServiceFunction, from: Template = template): string {
  const outdir = Stage.of(fn)!.outdir;
  const code = from.findResources('AWS::Lambda::Function')[logicalId(fn.fn)]?.Properties.Code;
  return readFileSync(join(outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`, BUNDLE_FILE), 'utf8');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
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
});
