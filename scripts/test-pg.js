#!/usr/bin/env node
// `npm run test:pg`: the same suite on PostgreSQL. TEST_DATABASE_URL names a database to connect to for
// administration (default: the local server's `test` database); each test file gets a fresh database
// created from a migrated template, and every database made for the run is dropped after it.
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(r.status ?? 1);
