// Seeds database `imr_exp` (dropped and made again) as the effort-post scenario seeds the server's: 200
// engagements in progress on 20 contracts, plus `exp_eng` (n → engagement, contract, team member) for
// bench/experiments/effort-writes.sql. Run: npx tsx bench/experiments/seed-effort-writes.ts
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCore } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/open-db.ts';
import { effortPost } from '../scenarios/effort-post.ts';

const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS imr_exp WITH (FORCE)');
await admin.query('CREATE DATABASE imr_exp');
await admin.end();
const url = new URL(adminUrl);
url.pathname = '/imr_exp';

const config = loadConfig({
  ...process.env,
  DATABASE_URL: url.toString(),
  IMR_ADMIN_EMAIL: 'admin@example.com',
  IMR_ADMIN_PASSWORD: 'experiment password',
});
const { db } = await openDatabase(config, { purpose: 'effort-writes experiment' });
await migrateToLatest(db);
const core = createCore({ config, db });
await core.services.accounts.bootstrap({
  providerName: 'IR Firm',
  adminEmail: config.admin.email!,
  adminPassword: config.admin.password!,
});
const { engagementIds } = (await effortPost.seed!(core)) as { engagementIds: string[] };
await sql`CREATE TABLE exp_eng (n int PRIMARY KEY, engagement_id text, contract_id text, user_id text)`.execute(
  db.kysely,
);
for (const [i, id] of engagementIds.entries()) {
  await sql`INSERT INTO exp_eng SELECT ${i + 1}, e.id, e.contract_id, t.user_id FROM engagements e JOIN engagement_team t ON t.engagement_id = e.id WHERE e.id = ${id}`.execute(
    db.kysely,
  );
}
console.log(`imr_exp: ${engagementIds.length} engagements seeded`);
await core.close();
await db.close();
