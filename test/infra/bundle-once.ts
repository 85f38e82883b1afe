/**
 * Global setup of the infra tests: bundles every function the stack deploys (the manifest's and the link key's
 * rotation function) once per run, in one esbuild pass by the house bundler, into a temporary directory that the
 * tests synthesize from (`PREBUILT_BUNDLES_CONTEXT`); removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FUNCTIONS } from '#functions/manifest.ts';
import { ROTATION_FUNCTION } from '#infra/aws/link-key.ts';
import { bundleEntries } from '#infra/bundling.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the directory of this run's bundles, laid out as `PREBUILT_BUNDLES_CONTEXT` expects */
    bundlesDir: string;
  }
}

export default async function bundleOnce(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'ev-bundles-'));
  const entries = [...Object.values(FUNCTIONS).map((spec) => spec.entry), ROTATION_FUNCTION.entry];
  await bundleEntries(entries, dir);
  project.provide('bundlesDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
