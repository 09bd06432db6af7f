import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedRun } from '../src/jobs/job-stats.ts';
import { scheduledJobs } from '../src/jobs/registry.ts';
import { startMetricsListener, createMetrics } from '../src/server/metrics.ts';
import { runImrWith } from './support/cli-runner.ts';
import { makeContract } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { parseScrape, type Scrape } from './support/prometheus.ts';
import { makeRequestWorld } from './support/request-factories.ts';

// GET /metrics (Prometheus text format, prom-client) and GET /admin/status with `imr status`: scraped and
// parsed by a real text-format parser (parse-prometheus-text-format), the counters moving after the
// actions they count; refused without METRICS_TOKEN; off the public port when no token is configured.

const TOKEN = 'metrics-token-0123456789abcdef';
let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-status-cli-'));

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z', env: { METRICS_TOKEN: TOKEN } });
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function scrape(): Promise<Scrape> {
  const r = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseScrape(r.body);
}

describe('GET /metrics', () => {
  it('is refused without the token or with a wrong one, and absent where no token is configured', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(none.body).not.toContain('imr_http_requests_total');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-0123456789abcdeX' },
    });
    expect(wrong.statusCode).toBe(401);
    // A user's API token is no metrics token either.
    const user = await call(t.app, admin.auth, 'GET', '/metrics');
    expect(user.statusCode).toBe(401);

    const closed = await createTestEnv({ db: t.db });
    try {
      const r = await closed.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('imr_');
    } finally {
      await closed.app.close();
      await closed.core.close();
    }
  });

  it('holds every series family, typed, including Node process metrics', async () => {
    const s = await scrape();
    const expected: [string, string][] = [
      ['imr_http_requests_total', 'COUNTER'],
      ['imr_http_request_duration_seconds', 'HISTOGRAM'],
      ['imr_db_pool_connections', 'GAUGE'],
      ['imr_db_pool_max', 'GAUGE'],
      ['imr_job_runs_total', 'COUNTER'],
      ['imr_outbox_messages', 'GAUGE'],
      ['imr_outbox_oldest_undelivered_age_seconds', 'GAUGE'],
      ['imr_sla_targets', 'GAUGE'],
      ['imr_ledger_postings_total', 'COUNTER'],
      ['imr_build_info', 'GAUGE'],
      ['imr_metrics_database_up', 'GAUGE'],
      ['process_cpu_user_seconds_total', 'COUNTER'],
      ['process_resident_memory_bytes', 'GAUGE'],
      ['nodejs_eventloop_lag_seconds', 'GAUGE'],
      ['nodejs_heap_size_used_bytes', 'GAUGE'],
    ];
    for (const [name, type] of expected) expect({ name, type: s.type(name) }).toEqual({ name, type });
    expect(s.value('imr_metrics_database_up')).toBe(1);
    expect(s.value('imr_db_pool_max')).toBeGreaterThan(0);
    expect(s.value('imr_build_info', { version: t.core.version, database: t.db.kind })).toBe(1);
  });

  it('counts requests by route template and status, with latency, and postings by kind after commit', async () => {
    const c = await makeContract(t, { initialAmount: 1000, termStart: '2026-01-01', termEnd: '2026-12-31' });
    const route = { method: 'POST', route: '/api/v1/contracts/:id/top-ups' };
    const before = await scrape();
    const ok = await call(
      t.app,
      admin.auth,
      'POST',
      `/api/v1/contracts/${c.id}/top-ups`,
      { amount: 250, reference: 'PO 1' },
      {
        'idempotency-key': 'metrics-1',
      },
    );
    expect(ok.statusCode, ok.body).toBe(201);
    // The same key again: a replay, no posting.
    const replay = await call(
      t.app,
      admin.auth,
      'POST',
      `/api/v1/contracts/${c.id}/top-ups`,
      { amount: 250, reference: 'PO 1' },
      {
        'idempotency-key': 'metrics-1',
      },
    );
    expect(replay.statusCode).toBe(201);
    const refused = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/top-ups`, { amount: -5 });
    expect(refused.statusCode).toBe(400);
    await call(t.app, admin.auth, 'GET', '/api/v1/no-such-route');
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(delta('imr_http_requests_total', { ...route, status: '201' })).toBe(2);
    expect(delta('imr_http_requests_total', { ...route, status: '400' })).toBe(1);
    expect(delta('imr_http_request_duration_seconds_count', { ...route, status: '201' })).toBe(2);
    expect(delta('imr_http_request_duration_seconds_bucket', { ...route, status: '201', le: '+Inf' })).toBe(2);
    expect(delta('imr_http_request_duration_seconds_sum', { ...route, status: '201' })).toBeGreaterThan(0);
    expect(delta('imr_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    // Route templates only: no series carries a raw id.
    expect(after.samples.filter((x) => JSON.stringify(x.labels).includes(c.id))).toEqual([]);
    expect(delta('imr_ledger_postings_total', { kind: 'top_up' })).toBe(1);
  });

  it('shows the outbox queue and its oldest message, SLA targets breached, and job runs', async () => {
    const w = await makeRequestWorld(t);
    const before = await scrape();
    // A P1 received three hours ago: every target is breached now.
    const r = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
      contractId: w.contract.id,
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'Encrypted file servers',
      channel: 'hotline',
      receivedAt: '2026-11-02T06:00:00Z',
    });
    expect(r.statusCode, r.body).toBe(201);
    t.clock.advance(10 * 60_000);
    const sla = scheduledJobs.find((j) => j.name === 'sla-watch')!;
    await countedRun(sla.name, () => sla.run(t.core));
    const after = await scrape();
    // What the request's own page says of its targets now is what the gauges add up.
    const shown = await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${(r.json() as { id: string }).id}`);
    const statuses = (shown.json() as { slaTargets: { status: string }[] }).slaTargets.map((x) => x.status);
    const breached = statuses.filter((x) => x === 'breached').length;
    expect(breached).toBeGreaterThan(0);
    const delta = (status: string) =>
      after.value('imr_sla_targets', { status }) - before.value('imr_sla_targets', { status });
    expect(delta('breached')).toBe(breached);
    expect(delta('at_risk')).toBe(statuses.filter((x) => x === 'at_risk').length);
    expect(after.value('imr_job_runs_total', { job: 'sla-watch', outcome: 'succeeded' })).toBe(
      before.value('imr_job_runs_total', { job: 'sla-watch', outcome: 'succeeded' }) + 1,
    );
    // Nothing delivers in this process (no worker): what was written waits, the oldest for 10 minutes at least.
    const waiting = (s: Scrape) => s.value('imr_outbox_messages', { state: 'queued' });
    expect(waiting(after)).toBeGreaterThan(waiting(before));
    expect(after.value('imr_outbox_oldest_undelivered_age_seconds')).toBeGreaterThanOrEqual(600);
  });

  it('METRICS_PORT serves the same exposition on 127.0.0.1 alone', async () => {
    const listener = await startMetricsListener(createMetrics(t.core), 0);
    try {
      const r = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
      expect(r.status).toBe(200);
      expect(parseScrape(await r.text()).has('imr_outbox_messages')).toBe(true);
      expect((await fetch(`http://127.0.0.1:${listener.port}/`)).status).toBe(404);
    } finally {
      await listener.close();
    }
  });
});

describe('imr status and GET /admin/status', () => {
  it('prints the essentials for a person; refused to anyone but an admin', async () => {
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const env = { IMR_URL: url, IMR_TOKEN: admin.auth.token, XDG_CONFIG_HOME: dir, TZ: 'Asia/Tokyo' };
    const r = await runImrWith(env, 'status');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`IMR Desk ${t.core.version}`);
    expect(r.out).toMatch(/Migrations: \d+ applied \(latest \d{4}_[a-z0-9_-]+\), none pending/i);
    expect(r.out).toMatch(/Outgoing mail: \d+ waiting/);
    // The oldest message in Tokyo time (UTC+9): written at or after 09:00 UTC, so 18:xx local.
    expect(r.out).toMatch(/oldest undelivered message written 2026-11-02 18:\d\d:\d\d/);
    expect(r.out).toMatch(/SLA targets: \d+ at risk, [1-9]\d* breached/);
    expect(r.out).toContain('Scheduled jobs:');
    expect(r.out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/); // no UTC ISO instants for a person

    const json = await runImrWith(env, 'status', '--json');
    const parsed = JSON.parse(json.out) as { migrations: { pending: string[] }; version: string };
    expect(parsed.migrations.pending).toEqual([]);
    expect(parsed.version).toBe(t.core.version);

    const manager = await makeUserWithToken(t, { role: 'ir_manager' });
    const refused = await call(t.app, manager.auth, 'GET', '/api/v1/admin/status');
    expect(refused.statusCode).toBe(403);
    const cli = await runImrWith({ ...env, IMR_TOKEN: manager.auth.token }, 'status');
    expect(cli.code).not.toBe(0);
    expect(cli.err).toMatch(/Only administrators/);
  });
});
