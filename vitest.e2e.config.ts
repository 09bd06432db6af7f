import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: browser tests. Each file starts the real product in-process (its own data folder,
// a free port) and drives the built web UI in Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 240_000,
    retry: 0,
  },
});
