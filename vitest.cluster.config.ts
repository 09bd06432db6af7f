import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the cluster suite (test/cluster) runs two servers and two `imr worker` processes on
// one fresh PostgreSQL database (test/support/processes.ts: TEST_DATABASE_URL, or the local server's `test`
// database), a real SMTP server on 127.0.0.1, and a load with kill -9 in the middle. One file at a time.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.cluster.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 240_000,
  },
});
