import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerExport } from '../../src/core/ledger/ledger.verify.ts';
import { createDb } from '../../src/db/create-db.ts';
import { makeContract } from '../support/contract-factories.ts';
import { makeEngagement, replayedBalance } from '../support/engagement-factories.ts';
import { makeUserWithToken } from '../support/factories.ts';
import { createTestEnv, type TestEnv } from '../support/harness.ts';
import { startCluster, type ServerCluster, type ServerProcess } from '../support/processes.ts';

// The race suite: every posting route that takes an Idempotency-Key gets the same key several times at
// once, on one server and split across two server processes on one PostgreSQL database (a client
// retrying before the first answer came back, behind a load balancer). Each key must write once, every
// answer must be 2xx with the same entry (the later ones saying `idempotent-replayed: true`), and the
// balance must move once. The servers are real processes (test/support/processes.ts); the world is
// seeded through the test factories on their database.

const AT_ONCE = 5;
const ROUNDS = 8;

let cluster: ServerCluster;
let t: TestEnv;
let adminToken: string;
let consultantToken: string;
let consultantId: string;
const counts = { requests: 0, keys: 0 };

beforeAll(async () => {
  cluster = await startCluster({ servers: 2, label: 'race' });
  const db = await createDb({ kind: 'postgres', url: cluster.database.url, poolSize: 4 });
  t = await createTestEnv({ db, now: new Date().toISOString() });
  adminToken = await cluster.adminToken();
  const consultant = await makeUserWithToken(t, { role: 'consultant' });
  consultantToken = consultant.auth.token;
  consultantId = consultant.id;
});

afterAll(async () => {
  await t?.close();
  await cluster?.stop();
  process.stdout.write(
    `\n  race suite: ${counts.requests} posting requests for ${counts.keys} Idempotency-Keys (${AT_ONCE} at once per key)\n`,
  );
});

interface Answer {
  server: string;
  status: number;
  replayed: boolean;
  id: string | undefined;
  code: string | undefined;
}

async function post(server: ServerProcess, path: string, token: string, body: object, key?: string): Promise<Answer> {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const b = (await r.json()) as { id?: string; entry?: { id: string }; code?: string };
  return {
    server: server.name,
    status: r.status,
    replayed: r.headers.get('idempotent-replayed') === 'true',
    id: b.entry?.id ?? b.id,
    code: b.code,
  };
}

/** The contract's balance as the database holds it (the cached row every posting moves under its lock). */
const balanceOf = async (contractId: string): Promise<number> =>
  (await t.core.services.ledger.totals(t.db.kysely, contractId)).balance;

const ledgerRows = async (contractId: string, key: string) =>
  (
    await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('contract_id', '=', contractId)
      .where('idempotency_key', '=', key)
      .execute()
  ).map((r) => r.id);
const effortRows = async (engagementId: string, key: string) =>
  (
    await t.db.kysely
      .selectFrom('effort_entries')
      .select('id')
      .where('engagement_id', '=', engagementId)
      .where('idempotency_key', '=', key)
      .execute()
  ).map((r) => r.id);

/** One posting route: the request of a round (after any preparation), where its rows live, how the balance moves. */
interface PostingRoute {
  name: string;
  /** Everything the route posts on: made once per test. */
  world(): Promise<{ contractId: string; engagementId?: string }>;
  request(
    w: { contractId: string; engagementId?: string },
    k: number,
    server: ServerProcess,
  ): Promise<{ path: string; token: string; body: object }>;
  rows(w: { contractId: string; engagementId?: string }, key: string): Promise<string[]>;
  /** The balance's move for the answer (effort: what it drew). */
  moves(first: Answer, body: { unitsDrawn?: { amount: number } }): number;
}

const year = new Date().getUTCFullYear();
const contract = () =>
  makeContract(t, { initialAmount: 100_000, termStart: `${year - 1}-01-01`, termEnd: `${year + 1}-12-31` });
const effortWorld = async () => {
  const c = await contract();
  const e = await makeEngagement(t, {
    contract: c,
    team: [{ userId: consultantId, role: 'consultant' }],
    estimate: 90_000,
  });
  return { contractId: c.id, engagementId: e.id };
};

const routes: PostingRoute[] = [
  {
    name: 'top-up',
    world: async () => ({ contractId: (await contract()).id }),
    request: async (w, k) => ({
      path: `/contracts/${w.contractId}/top-ups`,
      token: adminToken,
      body: { amount: 60, reference: `PO ${k}` },
    }),
    rows: (w, key) => ledgerRows(w.contractId, key),
    moves: () => 60,
  },
  {
    name: 'adjustment',
    world: async () => ({ contractId: (await contract()).id }),
    request: async (w, k) => ({
      path: `/contracts/${w.contractId}/adjustments`,
      token: adminToken,
      body: { amount: -10, reason: `correction ${k}` },
    }),
    rows: (w, key) => ledgerRows(w.contractId, key),
    moves: () => -10,
  },
  {
    name: 'reversal',
    world: async () => ({ contractId: (await contract()).id }),
    // each round reverses a top-up of its own, posted (without a key) just before
    request: async (w, k, server) => {
      const topUp = await post(server, `/contracts/${w.contractId}/top-ups`, adminToken, {
        amount: 5,
        reference: `to reverse ${k}`,
      });
      expect(topUp.status).toBe(201);
      return {
        path: `/contracts/${w.contractId}/reversals`,
        token: adminToken,
        body: { entryId: topUp.id, reason: `typo ${k}` },
      };
    },
    rows: (w, key) => ledgerRows(w.contractId, key),
    moves: () => -5,
  },
  {
    // billable effort within the estimate: the optimistic path (group commit, remembered contexts)
    name: 'effort (consumed)',
    world: effortWorld,
    request: async (w, k) => ({
      path: `/engagements/${w.engagementId}/effort`,
      token: consultantToken,
      body: { minutes: 15, activity: 'analysis', note: `work ${k}` },
    }),
    rows: (w, key) => effortRows(w.engagementId!, key),
    moves: (_, body) => -(body.unitsDrawn?.amount ?? Number.NaN),
  },
  {
    // non-billable effort: the locking path
    name: 'effort (non-billable)',
    world: effortWorld,
    request: async (w, k) => ({
      path: `/engagements/${w.engagementId}/effort`,
      token: consultantToken,
      body: { minutes: 15, activity: 'internal', note: `internal ${k}` },
    }),
    rows: (w, key) => effortRows(w.engagementId!, key),
    moves: () => 0,
  },
];

const modes = {
  'on one server': (_i: number) => cluster.servers[0]!,
  'across two servers': (i: number) => cluster.servers[i % 2]!,
};

describe.each(routes)('the same Idempotency-Key $name at once', (route) => {
  it.each(Object.keys(modes) as (keyof typeof modes)[])(
    '%s: one write, every answer the same entry, the balance moved once',
    async (mode) => {
      const w = await route.world();
      const target = modes[mode];
      const problems: string[] = [];
      for (let k = 0; k < ROUNDS; k++) {
        const key = `race-${randomBytes(6).toString('hex')}`;
        const { path, token, body } = await route.request(w, k, target(k));
        const before = await balanceOf(w.contractId);
        // all requests of a round start together, each on its own connection
        const answers = await Promise.all(
          Array.from({ length: AT_ONCE }, (_, i) => post(target(i), path, token, body, key)),
        );
        counts.requests += AT_ONCE;
        counts.keys += 1;
        const rows = await route.rows(w, key);
        const ids = new Set(answers.map((a) => a.id));
        const firsts = answers.filter((a) => !a.replayed);
        const round = `round ${k} (${answers.map((a) => `${a.server}:${a.status}${a.replayed ? ' replayed' : ''}${a.code ? ` ${a.code}` : ''}`).join(', ')})`;
        if (answers.some((a) => a.status !== 201)) problems.push(`${round}: not every answer is 201`);
        if (rows.length !== 1) problems.push(`${round}: ${rows.length} rows written for the key`);
        if (ids.size !== 1 || !ids.has(rows[0]))
          problems.push(`${round}: answers name ${[...ids].join(', ')}, the database holds ${rows.join(', ')}`);
        if (firsts.length !== 1)
          problems.push(
            `${round}: ${firsts.length} answers are not marked idempotent-replayed (one should be: the first)`,
          );
        const first = firsts[0] ?? answers[0]!;
        const firstBody = first.status === 201 ? await bodyOf(route, w, rows[0]) : {};
        const moved = (await balanceOf(w.contractId)) - before;
        if (moved !== route.moves(first, firstBody))
          problems.push(`${round}: the balance moved ${moved}, not ${route.moves(first, firstBody)}`);
      }
      expect(problems).toEqual([]);
      await expectLedgerIntact(w.contractId);
    },
  );
});

/** What the effort entry drew (the answer's unitsDrawn), for the balance check. */
async function bodyOf(
  route: PostingRoute,
  w: { engagementId?: string },
  id: string | undefined,
): Promise<{ unitsDrawn?: { amount: number } }> {
  if (!route.name.startsWith('effort') || !id) return {};
  const row = await t.db.kysely
    .selectFrom('effort_entries')
    .select(['amount', 'billing_status'])
    .where('id', '=', id)
    .where('engagement_id', '=', w.engagementId!)
    .executeTakeFirst();
  return { unitsDrawn: { amount: row?.billing_status === 'consumed' ? row.amount : 0 } };
}

/** The chain verifies (as a server exports it) and the cached balance is the sum of the entries. */
async function expectLedgerIntact(contractId: string): Promise<void> {
  const r = await fetch(`${cluster.servers[0]!.url}/api/v1/contracts/${contractId}/ledger/export`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(verifyLedgerExport(await r.json())).toMatchObject({ ok: true });
  expect((await replayedBalance(t, contractId)).balance).toBe(await balanceOf(contractId));
}

// A retry after the server died mid-request (kill -9) goes to the other server, and once the first is back,
// to it again: whether or not the first request committed, the key holds one entry and every answer names it.
describe('a retry after its server was killed mid-request', () => {
  it.each([routes[0]!, routes[3]!])(
    '$name: the other server and the restarted one answer the one entry',
    async (route) => {
      const w = await route.world();
      const [s1, s2] = [cluster.servers[0]!, cluster.servers[1]!];
      for (let k = 0; k < 2; k++) {
        const key = `killed-${randomBytes(6).toString('hex')}`;
        const { path, token, body } = await route.request(w, k, s2);
        const balanceBefore = await balanceOf(w.contractId);
        const lost = post(s1, path, token, body, key).catch(() => null); // its answer may never come
        await new Promise((r) => setTimeout(r, 5 + k * 20));
        await s1.kill();
        await lost;
        const retry = await post(s2, path, token, body, key);
        await s1.restart();
        const again = await post(s1, path, token, body, key);
        counts.requests += 3;
        counts.keys += 1;
        const rows = await route.rows(w, key);
        expect([retry.status, again.status]).toEqual([201, 201]);
        expect(rows).toHaveLength(1);
        expect([retry.id, again.id]).toEqual([rows[0], rows[0]]);
        expect(again.replayed).toBe(true);
        expect((await balanceOf(w.contractId)) - balanceBefore).toBe(
          route.moves(retry, await bodyOf(route, w, rows[0])),
        );
      }
      await expectLedgerIntact(w.contractId);
    },
  );
});
