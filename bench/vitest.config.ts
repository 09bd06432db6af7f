import { defineConfig } from 'vitest/config';

// Unit tests of the bench's own pure parts (parsing, ratios, flags, the table): `npx vitest run --config bench/vitest.config.ts`.
// The benchmark itself is `npm run bench`; performance is never asserted in a test.
export default defineConfig({
  test: { include: ['bench/**/*.test.ts'], root: '.' },
});
