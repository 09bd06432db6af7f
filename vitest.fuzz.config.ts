import { defineConfig } from 'vitest/config';

// `npm run test:fuzz`: the API fuzz suite (test/fuzz). One file, one database with the demo data set;
// FUZZ_SEED replays a run, FUZZ_RUNS sets the number of requests, TEST_DATABASE_URL runs it on PostgreSQL.
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 240_000,
  },
});
