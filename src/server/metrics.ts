import http from 'node:http';
import client from 'prom-client';
import type { Core } from '../core/core.ts';
import { postingCounts } from '../core/ledger/posting-counts.ts';
import { jobRuns } from '../jobs/job-stats.ts';

/**
 * The product's Prometheus metrics (GET /metrics, text format 0.0.4): HTTP requests by route template and
 * status with latency histograms, the database pool, job runs and failures, the outbox's queue and the age
 * of its oldest undelivered message, SLA targets at risk and breached, ledger postings by kind, and Node's
 * process metrics. Counters are this process's (each server and worker is scraped on its own); gauges read
 * from the database (outbox, SLA, pg-boss's job table) are the installation's, the same on every process.
 */
export interface Metrics {
  /** One answered HTTP request: its route template (`/api/v1/contracts/:id`), method, status and seconds. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** The exposition: reads the database gauges, then renders every metric. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Node's process metrics, collected once per process however many apps it builds (tests build many). */
let processRegistry: client.Registry | undefined;
function processMetrics(): client.Registry {
  if (!processRegistry) {
    processRegistry = new client.Registry();
    client.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** In-process counts kept elsewhere (job runs, ledger postings) exposed as counters at scrape time. */
function snapshotCounters(registry: client.Registry): void {
  new client.Counter({
    name: 'imr_job_runs_total',
    help: 'Scheduled job runs in this process, by job and outcome (succeeded, failed)',
    labelNames: ['job', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [job, r] of jobRuns()) {
        this.inc({ job, outcome: 'succeeded' }, r.succeeded);
        this.inc({ job, outcome: 'failed' }, r.failed);
      }
    },
  });
  new client.Counter({
    name: 'imr_job_run_seconds_total',
    help: 'Seconds spent running scheduled jobs in this process, by job',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [job, r] of jobRuns()) this.inc({ job }, r.seconds);
    },
  });
  new client.Counter({
    name: 'imr_ledger_postings_total',
    help: 'Ledger postings committed by this process, by kind (counted after commit, nothing written)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, n] of postingCounts()) this.inc({ kind }, n);
    },
  });
}

/** The database pool of this process, read at scrape time. */
function poolGauges(registry: client.Registry, core: Core): void {
  new client.Gauge({
    name: 'imr_db_pool_connections',
    help: "This process's database pool: connections by state (total, idle, in_use) and clients waiting for one",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = core.db.pool;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new client.Gauge({
    name: 'imr_db_pool_max',
    help: "The most connections this process's pool opens",
    registers: [registry],
    collect() {
      this.set(core.db.pool.options.max ?? 10);
    },
  });
}

export function createMetrics(core: Core): Metrics {
  const registry = new client.Registry();
  const requests = new client.Counter({
    name: 'imr_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'imr_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  snapshotCounters(registry);
  poolGauges(registry, core);
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new client.Gauge({ name, help, labelNames, registers: [registry] });
  const info = gauge('imr_build_info', 'The running version (always 1)', ['version', 'database']);
  const up = gauge('imr_metrics_database_up', '1 when the database gauges below were read on this scrape, else 0');
  const outbox = gauge(
    'imr_outbox_messages',
    'Outbox messages by state (queued, sending, failing, failed, delivered)',
    ['state'],
  );
  const oldest = gauge(
    'imr_outbox_oldest_undelivered_age_seconds',
    'Age in seconds of the oldest message not delivered yet (0 when none waits)',
  );
  const sla = gauge('imr_sla_targets', 'Unmet SLA targets of open requests, by status (at_risk, breached)', ['status']);
  const jobs = gauge('imr_jobs', "Scheduled jobs in pg-boss's tables (every worker), by job and state", [
    'job',
    'state',
  ]);
  const lastRun = gauge('imr_job_last_completed_timestamp_seconds', 'When each job last completed (Unix seconds)', [
    'job',
  ]);

  async function readDatabaseGauges(): Promise<void> {
    const g = await core.services.ops.gauges();
    for (const state of ['queued', 'sending', 'failing', 'failed', 'delivered'] as const)
      outbox.set({ state }, g.outbox[state]);
    const since = g.outbox.oldestWaitingSince;
    oldest.set(since ? Math.max(0, (g.now.getTime() - new Date(since).getTime()) / 1000) : 0);
    sla.set({ status: 'at_risk' }, g.sla.atRisk);
    sla.set({ status: 'breached' }, g.sla.breached);
    jobs.reset();
    lastRun.reset();
    for (const j of g.jobs) {
      for (const state of ['completed', 'failed', 'waiting', 'active'] as const)
        jobs.set({ job: j.name, state }, j[state]);
      if (j.last_completed_at) lastRun.set({ job: j.name }, new Date(j.last_completed_at).getTime() / 1000);
    }
  }

  return {
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    async render() {
      info.set({ version: core.version, database: core.db.kind }, 1);
      try {
        await readDatabaseGauges();
        up.set(1);
      } catch {
        up.set(0);
      }
      const merged = client.Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

/** METRICS_PORT: /metrics alone on 127.0.0.1 (no token: only this machine reaches it). */
export async function startMetricsListener(
  metrics: Metrics,
  port: number,
  host = '127.0.0.1',
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    metrics.render().then(
      (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be rendered\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
