import { configDefaults, defineConfig } from 'vitest/config';

const INFRA = 'test/infra/**/*.test.ts';

export default defineConfig({
  test: {
    setupFiles: ['test/support/polyfills.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // the infra tests synthesize from the functions bundled once per run, only when one of them runs
      {
        extends: true,
        test: { name: 'infra', include: [INFRA], globalSetup: ['test/infra/bundle-once.ts'] },
      },
      {
        extends: true,
        test: { name: 'app', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, INFRA] },
      },
    ],
  },
});
