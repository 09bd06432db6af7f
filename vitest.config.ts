import { defineConfig } from 'vitest/config';

// `npm test`: unit tests beside the code and service/API tests in test/, on PGlite (or on PostgreSQL
// when TEST_DATABASE_URL is set). Browser tests live in test/e2e and run with `npm run test:e2e`; the race
// suite (real server processes on PostgreSQL) in test/race, with `npm run test:race`; the API fuzz suite in
// test/fuzz, with `npm run test:fuzz`; the cluster suite (servers and workers, kill -9 under load) in
// test/cluster, with `npm run test:cluster`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/race/**', 'test/fuzz/**', 'test/cluster/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
  },
});
