import { defineConfig } from 'vitest/config';

const unit = '{packages,services,lambda,local,cdk8s,kind,scripts}/**/test/unit/**/*.test.ts';
const integration = '{packages,services,lambda,local,cdk8s}/**/test/integration/**/*.test.ts';
/** The web app driven in Debian's Chromium against the local stack. */
const browser = 'web/test/browser/**/*.test.ts';
const webUnit = 'web/test/unit/**/*.test.ts';

export default defineConfig({
  test: {
    // CI also writes a JSON report, summarised by scripts/test-summary.mjs.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.local/test-results.json' },
    exclude: ['**/node_modules/**', '**/dist/**'],
    projects: [
      { test: { name: 'unit', include: [unit, webUnit] } },
      {
        test: {
          name: 'integration',
          include: [integration, browser],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration suites start emulators and ffmpeg; on two cores they run one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
