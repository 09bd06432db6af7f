import { defineConfig } from 'vitest/config';

// `npm run test:race`: the race suite (test/race) drives real server processes on one PostgreSQL database
// (test/support/processes.ts), which each file creates and drops itself: TEST_DATABASE_URL, or the local
// server's `test` database. One file at a time: the servers need the machine's cores.
export default defineConfig({
  test: {
    include: ['test/race/**/*.race.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
