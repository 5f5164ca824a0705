import { defineConfig } from 'vitest/config';

// One suite: unit tests next to the code (src/**), API/job/CLI tests on SQLite and PostgreSQL (tests/api, tests/jobs,
// tests/cli) and browser journeys (tests/e2e). Files run in separate processes, two at a time (CI has 2 cores).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
