// Profiles staffing suggestions in one process, without HTTP: seeds the staffing-suggest scenario's data
// (500 consultants, 90 days of bookings and time off) on a fresh database `imr_exp_staff` (PostgreSQL; PROFILE_DB names another) or a
// temporary PGlite folder, then times N calls of the suggestion service one after another and prints the
// median, p95 and the time of the pure ranking (JS) alone.
// Run: npx tsx bench/experiments/profile-staffing-suggest.ts [postgres|pglite] [calls]
// With PROFILE_DUMP=file.json the clock is fixed (2027-03-01T12:00Z) and the full ranking (limit 500) is written
// with consultants named, not by id (ids differ per seed): two runs (before and after a change) must be identical.
// A CPU profile of the calls alone: node --import tsx --cpu-prof bench/experiments/profile-staffing-suggest.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { systemCtx, type Ctx } from '../../src/core/context.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCore } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/open-db.ts';
import { suggestRepo } from '../../src/core/staffing/suggest.repo.ts';
import { createFakeClock } from '../../src/shared/clock.ts';
import { StaffingSuggestions } from '../../src/shared/contracts/staffing-suggest.ts';
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
const dbName = process.env['PROFILE_DB'] ?? 'imr_exp_staff';
if (backend === 'postgres') {
  const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  env['DATABASE_URL'] = url.toString();
} else {
  dataDir = mkdtempSync(path.join(tmpdir(), 'imr-exp-staff-'));
  env['DATA_DIR'] = dataDir;
  delete env['DATABASE_URL'];
}
const config = loadConfig(env);
const { db } = await openDatabase(config, { purpose: 'staffing-suggest profile' });
await migrateToLatest(db);
const dump = process.env['PROFILE_DUMP'];
const core = createCore({ config, db, ...(dump ? { clock: createFakeClock('2027-03-01T12:00:00Z') } : {}) });
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
const cpu: number[] = [];
const serialize: number[] = [];
let ranked = 0;
for (let i = 0; i < calls + 3; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await core.services.staffingSuggest.forEngagement(ctx, seed.engagementId, { limit: 20 });
  const c1 = process.cpuUsage(c0);
  const t1 = performance.now();
  // What the route adds: the response schema's parse and JSON (fastify-type-provider-zod's serializer).
  const body = JSON.stringify(StaffingSuggestions.parse(r));
  if (i >= 3) {
    times.push(t1 - t0);
    cpu.push((c1.user + c1.system) / 1000);
    serialize.push(performance.now() - t1);
  }
  ranked = r.suggestions.length + r.excluded.length + (body.length > 0 ? 0 : 1);
}
cpu.sort((a, b) => a - b);
serialize.sort((a, b) => a - b);
console.log(
  `  process CPU per call: median ${cpu[cpu.length >> 1]!.toFixed(1)} ms; response parse+JSON: median ${serialize[serialize.length >> 1]!.toFixed(1)} ms`,
);
times.sort((a, b) => a - b);
if (dump) {
  const r = await core.services.staffingSuggest.forEngagement(ctx, seed.engagementId, { limit: 500 });
  const named = {
    ...r,
    subject: { ...r.subject, id: '' },
    suggestions: r.suggestions.map((x) => ({ ...x, consultantId: '' })),
    excluded: r.excluded.map((x) => ({ ...x, consultantId: '' })),
  };
  writeFileSync(dump, JSON.stringify(named, null, 1));
}
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
