import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'worker/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts', 'tests/architecture/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          // Real PostgreSQL, pg-boss and subprocesses: generous limits for a shared 2-core machine.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          // A real `npm start` (which may build the web app) and a real Chromium.
          testTimeout: 60_000,
          hookTimeout: 420_000,
          // A browser's state after a click or a key is a wait, not an instant: Playwright's own
          // default (5 s) instead of vitest's 1 s, which a render on a loaded 2-core machine outlasts.
          expect: { poll: { timeout: 5_000 } },
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});
