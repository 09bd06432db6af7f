// The product's core on a fresh PostgreSQL database for an in-process experiment: the database `name` is dropped
// and made again on the server of BENCH_DATABASE_URL (default: this machine's), migrated, with an administrator.
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import type { Core } from '../../src/core/core.ts';
import type { Db } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCore } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/open-db.ts';

export async function openExperimentCore(name: string, purpose: string): Promise<{ core: Core; db: Db }> {
  const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url.toString(),
    IMR_ADMIN_EMAIL: 'admin@example.com',
    IMR_ADMIN_PASSWORD: 'experiment password',
    LOG_LEVEL: 'warn',
  });
  const { db } = await openDatabase(config, { purpose });
  await migrateToLatest(db);
  const core = createCore({ config, db });
  await core.services.accounts.bootstrap({
    providerName: 'IR Firm',
    adminEmail: config.admin.email!,
    adminPassword: config.admin.password!,
  });
  return { core, db };
}
