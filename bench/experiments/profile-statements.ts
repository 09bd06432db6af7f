// Profiles issuing statements in one process, without HTTP: seeds the statements scenario's data (N contracts,
// 100 entries each) on a fresh PostgreSQL database `imr_exp_stm` and issues the period, printing statements/s.
// Run with a CPU profile: node --import tsx --cpu-prof bench/experiments/profile-statements.ts [count]
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCore } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/open-db.ts';
import { seedAndIssue } from '../scenarios/statements-fixtures.ts';

const count = Number(process.argv[2] ?? 200);
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS imr_exp_stm WITH (FORCE)');
await admin.query('CREATE DATABASE imr_exp_stm');
await admin.end();
const url = new URL(adminUrl);
url.pathname = '/imr_exp_stm';
const config = loadConfig({
  ...process.env,
  DATABASE_URL: url.toString(),
  IMR_ADMIN_EMAIL: 'admin@example.com',
  IMR_ADMIN_PASSWORD: 'experiment password',
  LOG_LEVEL: 'warn',
});
const { db } = await openDatabase(config, { purpose: 'statements profile' });
await migrateToLatest(db);
const core = createCore({ config, db });
await core.services.accounts.bootstrap({
  providerName: 'IR Firm',
  adminEmail: config.admin.email!,
  adminPassword: config.admin.password!,
});
const seed = await seedAndIssue(core, 'exp', count);
console.log(
  `${seed.issued} statements of ${seed.period} in ${seed.issueSeconds.toFixed(1)} s = ${seed.perSecond}/s ` +
    `(seed ${seed.seedSeconds.toFixed(1)} s)${seed.failed.length ? `; failed: ${seed.failed.join('; ')}` : ''}`,
);
await core.close();
await db.close();
