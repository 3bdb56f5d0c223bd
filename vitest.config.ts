import { defineConfig } from 'vitest/config';

const unit = '{packages,services,lambda,local,cdk8s}/**/test/unit/**/*.test.ts';
const integration = '{packages,services,lambda,local,cdk8s}/**/test/integration/**/*.test.ts';

export default defineConfig({
  test: {
    // CI also writes a JSON report, summarised by scripts/test-summary.mjs.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.local/test-results.json' },
    exclude: ['**/node_modules/**', '**/dist/**'],
    projects: [
      { test: { name: 'unit', include: [unit] } },
      {
        test: {
          name: 'integration',
          include: [integration],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration suites start emulators and ffmpeg; on two cores they run one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
