import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.ts';
import { runImr } from '../support/cli-runner.ts';
import { makeContract } from '../support/contract-factories.ts';
import { makeEngagement } from '../support/engagement-factories.ts';
import { makeUserWithToken } from '../support/factories.ts';
import { createTestEnv, type TestEnv } from '../support/harness.ts';
import { startCluster, type ServerCluster, type ServerProcess } from '../support/processes.ts';
import { parseScrape } from '../support/prometheus.ts';
import { freePort, startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { makeWorkOrderWorld, type WorkOrderWorld } from '../support/workorder-world.ts';
import { LOAD, pickOp, type Op, type Sent, summarise } from './load.ts';

// The cluster suite: two servers (IMR_WORKERS=0) and two `imr worker` processes, real processes on one
// fresh PostgreSQL database, mail to a real SMTP server on 127.0.0.1. A bounded mixed load goes through
// the HTTP API (top-ups and effort with Idempotency-Keys, balance reads, service requests, EWO sends and
// approvals); mid-load one server and one worker are killed (-9) and restarted, and the requests they cut
// are retried with their keys. Then: no posting lost or doubled, every ledger export verifies with
// `imr ledger verify`, every outbox message reached the SMTP server (a second copy only of one whose
// delivery the kill cut), each scheduled job ran once per schedule, no 5xx. The figures are printed.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-cluster-'));
let cluster: ServerCluster;
let smtp: SmtpSink;
let t: TestEnv;
let adminToken: string;
let consultantToken: string;
const startedAt = Date.now();
const figures: string[] = [];

const TOPUP_CONTRACTS = 4;
const EFFORT_ENGAGEMENTS = 4;
const STORIES_PER_WORLD = 4;
const WORLDS = 2;
const METRICS_TOKEN = `cluster-metrics-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  smtp = await startSmtpSink();
  cluster = await startCluster({
    servers: 2,
    label: 'cluster',
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      OUTBOX_POLL_MS: '250',
      // A killed worker's claims and jobs come back within the suite's time (defaults: 2 and 15 minutes).
      OUTBOX_CLAIM_SECONDS: '10',
      JOB_EXPIRE_SECONDS: '15',
      JOB_MAINTENANCE_SECONDS: '5',
      DATABASE_POOL_SIZE: '6',
      METRICS_TOKEN: METRICS_TOKEN,
    },
  });
  // Each worker serves its own /metrics on 127.0.0.1 (kept across its restart).
  await cluster.addWorker({ METRICS_PORT: String(await freePort()) });
  await cluster.addWorker({ METRICS_PORT: String(await freePort()) });
  const db = await createDb({ kind: 'postgres', url: cluster.database.url, poolSize: 4 });
  t = await createTestEnv({ db, now: new Date().toISOString() });
  adminToken = await cluster.adminToken();
  consultantToken = (await makeUserWithToken(t, { role: 'consultant' })).auth.token;
}, 240_000);

afterAll(async () => {
  await t?.close();
  await cluster?.stop();
  await smtp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\n  cluster suite (${Math.round((Date.now() - startedAt) / 1000)} s):\n${figures.map((f) => `    ${f}`).join('\n')}\n`,
  );
});

/** One HTTP request to a server, timed; a cut connection is an error, not an answer. */
async function send(server: ServerProcess, op: Op): Promise<Sent> {
  const started = Date.now();
  try {
    const r = await fetch(`${server.url}/api/v1${op.path}`, {
      method: op.method,
      headers: {
        authorization: `Bearer ${op.token}`,
        ...(op.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(op.key ? { 'idempotency-key': op.key } : {}),
      },
      ...(op.body !== undefined ? { body: JSON.stringify(op.body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await r.json().catch(() => null)) as Record<string, unknown> | null;
    return { op, server: server.name, started, ended: Date.now(), status: r.status, body };
  } catch (e) {
    return { op, server: server.name, started, ended: Date.now(), body: undefined, error: (e as Error).message };
  }
}

/**
 * A load balancer: round robin over the servers in rotation. A killed server is taken out at once (the
 * requests already on their way to it are cut) and back in once its /readyz answers again.
 */
let turn = 0;
const outOfRotation = new Set<string>();
const pickServer = (): ServerProcess => {
  const up = cluster.servers.filter((s) => s.running() && !outOfRotation.has(s.name));
  return up[turn++ % up.length]!;
};

const balanceOf = async (contractId: string) => (await t.core.services.ledger.totals(t.db.kysely, contractId)).balance;

interface Story {
  world: WorkOrderWorld;
  n: number;
  steps: number;
  cut: number;
}

/**
 * One customer's emergency, end to end over HTTP: the request (received three hours ago, so its SLA
 * targets are breached and the sla-watch job mails the IR managers), its EWO drafted, sent and approved.
 * None of these takes an Idempotency-Key: a step whose connection was cut is checked in the database and
 * done again only if it did not happen.
 */
async function runStory(s: Story, sent: Sent[]): Promise<void> {
  const w = s.world;
  const marker = `cluster story ${s.n} ${Math.random().toString(36).slice(2)}`;
  const step = async (op: Op, done: () => Promise<boolean>): Promise<Sent> => {
    for (;;) {
      const r = await send(pickServer(), op);
      sent.push(r);
      s.steps++;
      if (r.status !== undefined) return r;
      s.cut++;
      await new Promise((res) => setTimeout(res, 500));
      if (await done()) return { ...r, status: 200, body: null };
    }
  };
  const requestRow = () =>
    t.db.kysely.selectFrom('service_requests').select('id').where('description', '=', marker).executeTakeFirst();
  const created = await step(
    {
      kind: 'request',
      method: 'POST',
      path: '/requests',
      token: w.irManager.auth.token,
      body: {
        kind: 'emergency',
        contractId: w.contract.id,
        incidentType: 'ransomware',
        severity: 'P1',
        description: marker,
        channel: 'hotline',
        requesterContactId: w.requester.contactId,
        receivedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      },
    },
    async () => !!(await requestRow()),
  );
  const requestId = (created.body?.['id'] as string | undefined) ?? (await requestRow())!.id;
  const woRow = () =>
    t.db.kysely
      .selectFrom('work_orders as w')
      .innerJoin('work_order_versions as v', (j) =>
        j.onRef('v.work_order_id', '=', 'w.id').onRef('v.version', '=', 'w.current_version'),
      )
      .select(['w.id', 'v.status'])
      .where('w.request_id', '=', requestId)
      .executeTakeFirst();
  const drafted = await step(
    {
      kind: 'ewo-draft',
      method: 'POST',
      path: `/requests/${requestId}/work-orders`,
      token: w.irManager.auth.token,
      body: {},
    },
    async () => !!(await woRow()),
  );
  const woId = (drafted.body?.['id'] as string | undefined) ?? (await woRow())!.id;
  const isNot = (status: string) => async () => ((await woRow())?.status ?? status) !== status;
  const sentWo = await step(
    { kind: 'ewo-send', method: 'POST', path: `/work-orders/${woId}/send`, token: w.irManager.auth.token },
    isNot('draft'),
  );
  const hash =
    (sentWo.body?.['contentHash'] as string | undefined) ??
    ((await send(pickServer(), {
      kind: 'ewo-read',
      method: 'GET',
      path: `/work-orders/${woId}`,
      token: w.irManager.auth.token,
    }).then((r) => r.body?.['contentHash'])) as string);
  await step(
    {
      kind: 'ewo-approve',
      method: 'POST',
      path: `/work-orders/${woId}/approve`,
      token: w.approver.auth.token,
      body: { contentHash: hash },
    },
    isNot('sent'),
  );
}

it('survives kill -9 of a server and a worker under load: nothing lost, doubled or undelivered', async () => {
  // The world, seeded through the factories on the cluster's database.
  const year = new Date().getUTCFullYear();
  const term = { termStart: `${year - 1}-01-01`, termEnd: `${year + 1}-12-31` };
  const topUps = await Promise.all(
    Array.from({ length: TOPUP_CONTRACTS }, () => makeContract(t, { initialAmount: 100_000, ...term })),
  );
  const consultant = (
    await t.db.kysely.selectFrom('users').select('id').where('role', '=', 'consultant').execute()
  )[0]!;
  const efforts = [];
  for (let i = 0; i < EFFORT_ENGAGEMENTS; i++) {
    const c = await makeContract(t, { initialAmount: 100_000, ...term });
    const e = await makeEngagement(t, {
      contract: c,
      team: [{ userId: consultant.id, role: 'consultant' }],
      estimate: 90_000,
    });
    efforts.push({ contractId: c.id, engagementId: e.id });
  }
  const worlds = [];
  for (let i = 0; i < WORLDS; i++) worlds.push(await makeWorkOrderWorld(t, { initialAmount: 100_000 }));
  const before = new Map<string, number>();
  for (const id of [...topUps.map((c) => c.id), ...efforts.map((e) => e.contractId)])
    before.set(id, await balanceOf(id));

  // The load: LOAD.lanes lanes pull mixed requests; the stories run beside them.
  const sent: Sent[] = [];
  const failed: Op[] = [];
  let next = 0;
  let killAt = 0;
  const killed = { server: cluster.servers[1]!, worker: cluster.workers[0]! };
  let cutDeliveries = new Set<string>();
  let restarted: Promise<void> | undefined;
  const world = { adminToken, consultantToken, topUps: topUps.map((c) => c.id), efforts };
  const lane = async () => {
    while (next < LOAD.requests) {
      const i = next++;
      if (i === Math.floor(LOAD.requests * LOAD.killAtShare) && !killAt) {
        killAt = Date.now();
        outOfRotation.add(killed.server.name);
        await Promise.all([killed.server.kill(), killed.worker.kill()]);
        // What the dead worker had claimed and not marked delivered: the only messages a second copy may be of.
        const claimed = await t.db.kysely
          .selectFrom('outbox')
          .select('message_id')
          .where('status', '=', 'pending')
          .where('locked_until', '>', new Date())
          .execute();
        cutDeliveries = new Set(claimed.map((r) => r.message_id.replace(/[<>]/g, '')));
        restarted = (async () => {
          await new Promise((r) => setTimeout(r, 2_000));
          await Promise.all([killed.server.restart(), killed.worker.restart()]);
          outOfRotation.delete(killed.server.name);
        })();
      }
      const op = pickOp(i, world);
      const r = await send(pickServer(), op);
      sent.push(r);
      if (r.status === undefined) failed.push(op);
    }
  };
  const stories: Story[] = worlds.flatMap((w, wi) =>
    Array.from({ length: STORIES_PER_WORLD }, (_, k) => ({ world: w, n: wi * 10 + k, steps: 0, cut: 0 })),
  );
  const storyLane = async (mine: Story[]) => {
    for (const s of mine) await runStory(s, sent);
  };
  await Promise.all([
    ...Array.from({ length: LOAD.lanes }, lane),
    storyLane(stories.filter((_, i) => i % 2 === 0)),
    storyLane(stories.filter((_, i) => i % 2 === 1)),
  ]);
  await restarted;
  expect(cluster.servers.every((s) => s.running()) && cluster.workers.every((w) => w.running())).toBe(true);

  // The requests the kill cut, retried with their keys (balance reads simply again) on the servers now up.
  const retried: Sent[] = [];
  for (const op of failed) {
    for (let attempt = 0; ; attempt++) {
      const r = await send(pickServer(), op);
      retried.push(r);
      if (r.status !== undefined) break;
      if (attempt > 5) throw new Error(`${op.kind} ${op.path} still failing after the restart: ${r.error}`);
      await new Promise((res) => setTimeout(res, 1_000));
    }
  }
  const all = [...sent, ...retried];
  const s = summarise(all, killAt, killed.server.name);
  figures.push(
    `${all.length} requests (${s.byKind}); ${failed.length} cut by the kill and retried (${retried.length} retries)`,
    `statuses: ${s.byStatus}; 5xx: ${s.fiveXx.length} (in flight on the killed server: ${s.fiveXxInFlight})`,
    `stories (request, EWO draft, send, approve): ${stories.length}, ${stories.reduce((n, x) => n + x.cut, 0)} steps cut and checked`,
  );
  expect(s.fiveXx.filter((x) => !x.inFlight)).toEqual([]);
  expect(s.unexpected, 'answers other than the expected 2xx').toEqual([]);

  // Postings: each accepted key wrote exactly one entry, and the balances moved by what the answers said.
  const accepted = s.postings;
  const keys = [...accepted.keys()];
  const topUpRows = await t.db.kysely
    .selectFrom('ledger_entries')
    .select(['idempotency_key', 'id'])
    .where('kind', '=', 'top_up')
    .where('idempotency_key', 'in', keys.length ? keys : ['-'])
    .execute();
  const effortRows = await t.db.kysely
    .selectFrom('effort_entries')
    .select(['idempotency_key', 'id'])
    .where('idempotency_key', 'in', keys.length ? keys : ['-'])
    .execute();
  const written = new Map<string, string[]>();
  for (const r of [...topUpRows, ...effortRows])
    written.set(r.idempotency_key!, [...(written.get(r.idempotency_key!) ?? []), r.id]);
  const problems: string[] = [];
  for (const [key, p] of accepted) {
    const rows = written.get(key) ?? [];
    if (rows.length !== 1 || rows[0] !== p.entryId)
      problems.push(`${key}: answered ${p.entryId}, the database holds [${rows.join(', ')}]`);
  }
  const sentKeys = new Set(all.filter((x) => x.op.key).map((x) => x.op.key!));
  expect(sentKeys.size).toBe(accepted.size); // every key sent was accepted in the end
  let moved = 0;
  for (const [contractId, start] of before) {
    const expected = [...accepted.values()].filter((p) => p.contractId === contractId).reduce((n, p) => n + p.moves, 0);
    const actual = (await balanceOf(contractId)) - start;
    moved += Math.abs(actual);
    if (actual !== expected)
      problems.push(`contract ${contractId}: balance moved ${actual}, accepted postings ${expected}`);
  }
  expect(problems).toEqual([]);
  figures.push(
    `${accepted.size} postings accepted, each written once; balances moved ${moved} units in all, as answered`,
  );

  // Every contract's exported ledger verifies with `imr ledger verify`.
  const contracts = await t.db.kysely.selectFrom('contracts').select('id').execute();
  for (const c of contracts) {
    const r = await fetch(`${cluster.servers[0]!.url}/api/v1/contracts/${c.id}/ledger/export`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(r.status).toBe(200);
    const file = path.join(dir, `${c.id}.json`);
    fs.writeFileSync(file, await r.text());
    const verdict = await runImr('ledger', 'verify', file);
    expect({ contract: c.id, code: verdict.code, err: verdict.err }).toEqual({ contract: c.id, code: 0, err: '' });
  }
  figures.push(`${contracts.length} ledger exports verified by imr ledger verify`);

  // Mail: every outbox message reached the SMTP server; a second copy only of one the dead worker held.
  const until = Date.now() + 90_000;
  let waiting = Infinity;
  while (Date.now() < until) {
    waiting = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM outbox WHERE status <> 'delivered'`.execute(t.db.kysely))
        .rows[0]!.n,
    );
    if (waiting === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(waiting, 'outbox messages not delivered 90 s after the load').toBe(0);
  const outbox = await t.db.kysely.selectFrom('outbox').select('message_id').execute();
  const copies = new Map<string, number>();
  for (const m of smtp.messages) {
    const id = (m.messageId ?? '').replace(/[<>]/g, '');
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  const missing = outbox.map((o) => o.message_id.replace(/[<>]/g, '')).filter((id) => !copies.has(id));
  const doubled = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
  expect(missing).toEqual([]);
  expect(doubled.filter((id) => !cutDeliveries.has(id))).toEqual([]);
  figures.push(
    `${outbox.length} outbox messages, ${smtp.messages.length} received by the SMTP server; ` +
      `${doubled.length} delivered twice (${cutDeliveries.size} were claimed by a worker at the kill)` +
      (doubled.length ? `: ${doubled.join(', ')}` : ''),
  );

  // Scheduled jobs: once per schedule, every run completed (a killed worker's job expired and ran again).
  const jobs = await checkJobs();
  figures.push(`scheduled jobs: ${jobs}`);

  // What the processes' /metrics say: the servers' requests and postings, the workers' job runs.
  const scrape = async (url: string, token?: string) => {
    const r = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect(r.status).toBe(200);
    return parseScrape(await r.text());
  };
  const servers = await Promise.all(cluster.servers.map((x) => scrape(`${x.url}/metrics`, METRICS_TOKEN)));
  const workerScrapes = await Promise.all(
    cluster.workers.map((w) => scrape(`http://127.0.0.1:${w.env['METRICS_PORT']}/metrics`)),
  );
  const sum = (list: typeof servers, name: string, labels: Record<string, string> = {}) =>
    list.reduce((n, x) => n + x.value(name, labels), 0);
  expect(sum(servers, 'imr_http_requests_total')).toBeGreaterThan(0);
  expect(sum(servers, 'imr_ledger_postings_total', { kind: 'top_up' })).toBeGreaterThan(0);
  expect(sum(workerScrapes, 'imr_job_runs_total', { outcome: 'succeeded' })).toBeGreaterThan(0);
  expect(servers[0]!.value('imr_outbox_messages', { state: 'delivered' })).toBeGreaterThanOrEqual(outbox.length);
  figures.push(
    `metrics: servers counted ${sum(servers, 'imr_http_requests_total')} requests and ` +
      `${sum(servers, 'imr_ledger_postings_total')} postings since their last start; workers ` +
      `${sum(workerScrapes, 'imr_job_runs_total')} job runs; every worker's runs in pg-boss: ` +
      `${servers[0]!.value('imr_jobs', { state: 'completed' })} completed`,
  );
}, 300_000);

/**
 * Waits until the minute's schedules after the load have run, then checks pg-boss's tables: one
 * `__pgboss__send-it` job per job and schedule (minute), one run of the job per send, every run completed,
 * and no minute missing for the every-minute jobs.
 */
async function checkJobs(): Promise<string> {
  const everyMinute = ['sla-watch', 'approvals-expiry'];
  const deadline = Date.now() + 100_000;
  const minuteNow = Math.floor(Date.now() / 60_000);
  let rows: {
    name: string;
    slots: number;
    slot_dups: number;
    runs: number;
    done: number;
    open: number;
    first: Date;
    last: Date;
  }[] = [];
  for (;;) {
    rows = (
      await sql<(typeof rows)[number]>`
        WITH sends AS (
          SELECT singleton_key AS name, singleton_on, count(*) AS n FROM pgboss.job
          WHERE name = '__pgboss__send-it' GROUP BY 1, 2
        ), runs AS (
          SELECT name, count(*) AS runs, count(*) FILTER (WHERE state = 'completed') AS done,
                 count(*) FILTER (WHERE state <> 'completed') AS open
          FROM pgboss.job WHERE name NOT LIKE '\\_\\_pgboss%' GROUP BY 1
        )
        SELECT s.name, count(*)::int AS slots, count(*) FILTER (WHERE s.n > 1)::int AS slot_dups,
               coalesce(max(r.runs), 0)::int AS runs, coalesce(max(r.done), 0)::int AS done,
               coalesce(max(r.open), 0)::int AS open, min(s.singleton_on) AS first, max(s.singleton_on) AS last
        FROM sends s LEFT JOIN runs r ON r.name = s.name GROUP BY s.name ORDER BY s.name`.execute(t.db.kysely)
    ).rows;
    const latest = Math.min(...everyMinute.map((n) => rows.find((r) => r.name === n)?.last.getTime() ?? 0)) / 60_000;
    const settled = rows.every((r) => r.open === 0 && r.runs === r.slots);
    if ((latest > minuteNow && settled) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  for (const name of everyMinute) {
    const r = rows.find((x) => x.name === name);
    expect(r, `${name} never ran`).toBeDefined();
    const minutes = (r!.last.getTime() - r!.first.getTime()) / 60_000 + 1;
    expect({ name, slots: r!.slots }).toEqual({ name, slots: minutes }); // no minute skipped
  }
  for (const r of rows)
    expect({ name: r.name, dups: r.slot_dups, runs: r.runs, done: r.done }).toEqual({
      name: r.name,
      dups: 0,
      runs: r.slots,
      done: r.slots,
    });
  return rows.map((r) => `${r.name} ${r.runs} runs for ${r.slots} schedules`).join(', ');
}
