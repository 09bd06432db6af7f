// Profiles staffing suggestions in one process, without HTTP: seeds the staffing-suggest scenario's data
// (500 consultants, 90 days of bookings and time off) on a fresh database `imr_exp_staff` (PostgreSQL) or a
// temporary PGlite folder, then times N calls of the suggestion service one after another and prints the
// median, p95 and the time of the pure ranking (JS) alone.
// Run: npx tsx bench/experiments/profile-staffing-suggest.ts [postgres|pglite] [calls]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { systemCtx, type Ctx } from '../../src/core/context.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCore } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/open-db.ts';
import { suggestRepo } from '../../src/core/staffing/suggest.repo.ts';
import { seedStaffing } from '../scenarios/staffing-suggest.ts';

const backend = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const calls = Number(process.argv[3] ?? 40);
const env: Record<string, string | undefined> = {
  ...process.env,
  IMR_ADMIN_EMAIL: 'admin@example.com',
  IMR_ADMIN_PASSWORD: 'experiment password',
  LOG_LEVEL: 'warn',
};
let dataDir: string | null = null;
if (backend === 'postgres') {
  const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS imr_exp_staff WITH (FORCE)');
  await admin.query('CREATE DATABASE imr_exp_staff');
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/imr_exp_staff';
  env['DATABASE_URL'] = url.toString();
} else {
  dataDir = mkdtempSync(path.join(tmpdir(), 'imr-exp-staff-'));
  env['DATA_DIR'] = dataDir;
  delete env['DATABASE_URL'];
}
const config = loadConfig(env);
const { db } = await openDatabase(config, { purpose: 'staffing-suggest profile' });
await migrateToLatest(db);
const core = createCore({ config, db });
await core.services.accounts.bootstrap({
  providerName: 'IR Firm',
  adminEmail: config.admin.email!,
  adminPassword: config.admin.password!,
});
const seed = await seedStaffing(core);
const session = await core.services.accounts.login(systemCtx('profile'), {
  email: config.admin.email!,
  password: config.admin.password!,
});
const auth = (await core.services.accounts.authenticateSession(session.sessionToken))!;
const ctx: Ctx = { actor: auth.actor, channel: 'api' };
const times: number[] = [];
let ranked = 0;
for (let i = 0; i < calls + 3; i++) {
  const t0 = performance.now();
  const r = await core.services.staffingSuggest.forEngagement(ctx, seed.engagementId, { limit: 20 });
  if (i >= 3) times.push(performance.now() - t0);
  ranked = r.suggestions.length + r.excluded.length;
}
times.sort((a, b) => a - b);
// Each read alone, as the service issues them (the window of the seeded engagement and the load horizon).
const ex = db.kysely;
const now = core.clock.now();
const to = new Date(now.getTime() + 21 * 86_400_000);
for (const [name, read] of [
  ['consultants', () => suggestRepo.consultants(ex)],
  ['skills', () => suggestRepo.skills(ex)],
  ['certifications', () => suggestRepo.certifications(ex)],
  ['busy', () => suggestRepo.busy(ex, now, to)],
] as const) {
  const ts: number[] = [];
  let rows = 0;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    rows = (await read()).length;
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(`  ${name}: ${rows} rows, median ${ts[5]!.toFixed(1)} ms`);
}
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(
  `${backend}: ${seed.consultants} consultants, ${seed.busyRows} busy rows; ${calls} calls; ranked ${ranked}; ` +
    `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
);
await core.close();
await db.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
