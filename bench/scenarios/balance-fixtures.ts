// Shared fixtures of the ledger scenarios (topup-*, balance-*): contracts made through the API, the
// check that a contract's ledger still adds up after the load, and the bulk seed of a long ledger.
import canonicalize from 'canonicalize';
import { addDays, localDate } from '../../src/shared/dates.ts';
import { sql } from 'kysely';
import { sha256Hex } from '../../src/core/accounts/secrets.ts';
import { actorLabel, systemCtx, type Ctx } from '../../src/core/context.ts';
import { entryHash, type EntryBody } from '../../src/core/ledger/ledger.chain.ts';
import { totalsColumns } from '../../src/core/ledger/ledger.repo.ts';
import {
  applyEffect,
  balanceOf,
  consumptionKinds,
  effectOf,
  emptyTotals,
  type LedgerTotals,
  type ReservationSums,
} from '../../src/core/ledger/ledger.rules.ts';
import type { LedgerKind } from '../../src/core/ledger/ledger.tables.ts';
import { ledgerPageCursor } from '../../src/core/ledger/ledger.service.ts';
import { verifyLedgerExport } from '../../src/core/ledger/ledger.verify.ts';
import type { Core } from '../../src/core/core.ts';
import type { Balance, LedgerEntry } from '../../src/shared/contracts/ledger.ts';
import { defineScenario, type AnyScenario, type BenchContext } from '../types.ts';

/** What the load scenarios work with: the administrator's bearer token and the contracts they spread over. */
export interface LedgerFixture {
  token: string;
  customerId: string;
  contractIds: string[];
}

const TIME_ZONE = 'America/Chicago';
/** Minutes granted to each API-made contract (100 h): far more than a balance read or a top-up needs. */
const GRANT = 6000;

/** Today (UTC) as YYYY-MM-DD; terms below leave weeks of slack on both sides of it. */
const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** Runs `fn` over `items` with at most `width` calls in flight. */
async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/**
 * Through the API, as an administrator: a bearer token, a customer of its own (named after the scenario
 * and back end) and `count` active hours contracts whose term runs from a month ago to two years ahead,
 * each granted 100 hours.
 */
export async function makeContracts(
  ctx: BenchContext<unknown>,
  scenario: string,
  count: number,
): Promise<LedgerFixture> {
  const session = await ctx.api.login(ctx.admin.email, ctx.admin.password);
  const token = await ctx.api.createToken(session, `bench ${scenario} ${ctx.backend}`);
  const customer = await ctx.api.request<{ id: string }>('POST', '/api/v1/customers', {
    token,
    body: { name: `Bench ${scenario} ${ctx.backend} ${Date.now()}`, timeZone: TIME_ZONE },
    expect: [201],
  });
  const today = todayUtc();
  const indexes = Array.from({ length: count }, (_, i) => i);
  const contractIds = await inParallel(indexes, 4, async (i) => {
    const r = await ctx.api.request<{ id: string }>('POST', '/api/v1/contracts', {
      token,
      body: {
        customerId: customer.body.id,
        number: `BENCH-${scenario}-${ctx.backend}-${i + 1}`.toUpperCase(),
        termStart: addDays(today, -30),
        termEnd: addDays(today, 730),
        unit: 'hours',
        initialAmount: GRANT,
      },
      expect: [201],
    });
    return r.body.id;
  });
  ctx.log(`${count} contracts created`);
  return { token, customerId: customer.body.id, contractIds };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After the load: each contract's export must verify offline (hash chain, seq, replayed balances), the
 * cached balance must equal what the entries add up to, and its entry count and head hash must match.
 * The load generator stops with requests still in flight (on a hot contract, several queue on its lock),
 * so it first waits until the contracts' entry counts stop moving, and a contract whose balance moved
 * between its export and its balance read is read again. Returns one line per problem; `kinds` counts
 * the entries of each kind over all contracts.
 */
export async function verifyLedgers(
  ctx: BenchContext<unknown>,
  token: string,
  contractIds: readonly string[],
): Promise<{ problems: string[]; kinds: Record<string, number> }> {
  const balanceOf = async (id: string) =>
    (await ctx.api.request<Balance>('GET', `/api/v1/contracts/${id}/balance`, { token })).body;
  const counts = async () => (await inParallel(contractIds, 4, async (id) => (await balanceOf(id)).entries)).join(',');
  for (let last = await counts(), tries = 0; tries < 60; tries++) {
    await sleep(500);
    const now = await counts();
    if (now === last) break;
    last = now;
  }
  const problems: string[] = [];
  const kinds: Record<string, number> = {};
  await inParallel(contractIds, 4, async (id) => {
    for (let attempt = 1; ; attempt++) {
      const before = await balanceOf(id);
      const exported = await ctx.api.request<{ entries: { kind: string }[] }>(
        'GET',
        `/api/v1/contracts/${id}/ledger/export`,
        { token },
      );
      const balance = await balanceOf(id);
      if (balance.entries !== before.entries && attempt < 5) continue; // still moving: read it again
      const report = verifyLedgerExport(exported.body);
      if (!report.ok)
        problems.push(
          `contract ${id}: the exported chain does not verify: ${report.brokenAt?.message ?? 'unknown'} (entry ${report.brokenAt?.seq ?? '?'})`,
        );
      if (report.balance !== balance.balance.amount)
        problems.push(`contract ${id}: cached balance ${balance.balance.amount} ≠ ${report.balance} from the entries`);
      if (report.entries !== balance.entries)
        problems.push(
          `contract ${id}: the balance counts ${balance.entries} entries, the export has ${report.entries}`,
        );
      if (report.ok && report.headHash !== balance.headHash)
        problems.push(`contract ${id}: head hash ${balance.headHash} ≠ ${report.headHash} of the export`);
      for (const e of exported.body.entries) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      return;
    }
  });
  return { problems, kinds };
}

/** A GET of the balance that must answer with the seeded figures (before the load: a wrong seed is not measured). */
export async function expectBalance(
  ctx: BenchContext<unknown>,
  token: string,
  contractId: string,
  want: { entries: number; balance: number; headHash?: string | null },
): Promise<Balance> {
  const b = (await ctx.api.request<Balance>('GET', `/api/v1/contracts/${contractId}/balance`, { token })).body;
  const wrong =
    b.entries !== want.entries ||
    b.balance.amount !== want.balance ||
    (want.headHash !== undefined && b.headHash !== want.headHash);
  if (wrong) {
    throw new Error(
      `contract ${contractId} answers ${b.entries} entries, balance ${b.balance.amount}, head ${b.headHash}; the seed made ${want.entries}, ${want.balance}, ${want.headHash ?? '(any head)'}`,
    );
  }
  return b;
}

// ---- The bulk seed of one long ledger (runs in the server process, before it listens) ----

/** What the seed hands to setup: the contract and the figures its balance must show. */
export interface SeededLedger {
  contractId: string;
  entries: number;
  balance: number;
  reserved: number;
  headHash: string;
  seconds: number;
}

const BATCH = 5000;
const ENGAGEMENTS = 50;

/**
 * The realistic cycle after the grant (seq 1): a top-up with its Idempotency-Key, then an engagement
 * reserves 1h30, consumes 1h and releases the rest. Each cycle adds 60 minutes net, so the balance stays
 * positive under the default `block` policy.
 */
function cycleEntry(
  seq: number,
  engagements: readonly string[],
): { kind: LedgerKind; amount: number; engagementId: string | null; reference: string | null; key: string | null } {
  if (seq === 1) return { kind: 'grant', amount: 60_000, engagementId: null, reference: 'bench grant', key: null };
  const step = (seq - 2) % 4;
  const engagementId = engagements[Math.floor((seq - 2) / 4) % engagements.length]!;
  switch (step) {
    case 0:
      return {
        kind: 'top_up',
        amount: 120,
        engagementId: null,
        reference: `PO bench ${seq}`,
        key: `bench-top-up-${seq}`,
      };
    case 1:
      return { kind: 'reserve', amount: 90, engagementId, reference: null, key: null };
    case 2:
      return { kind: 'consume', amount: 60, engagementId, reference: null, key: null };
    default:
      return { kind: 'release', amount: 30, engagementId, reference: null, key: null };
  }
}

/**
 * Seeds one active contract with `n` chained ledger entries spread evenly over the past year, as the
 * ledger service would have written them one by one: the same hash rule, seq, balance and reserved after
 * each entry, request hashes for keyed top-ups. Rows go in with one set-based INSERT … SELECT FROM
 * unnest(arrays) per 5,000; the cached balance row, the reservation sums and the daily consumption are
 * then set to what the entries add up to. The contract and its customer are made through the services.
 */
export async function seedLongLedger(core: Core, label: string, n: number): Promise<SeededLedger> {
  const started = Date.now();
  const { config, services, db, ids, clock } = core;
  const session = await services.accounts.login(systemCtx('bench seed'), {
    email: config.admin.email!,
    password: config.admin.password!,
  });
  const auth = await services.accounts.authenticateSession(session.sessionToken);
  if (!auth) throw new Error('the bench seed could not sign in as the administrator');
  const ctx: Ctx = { actor: auth.actor, channel: 'system' };
  const now = clock.now();
  const today = localDate(now, TIME_ZONE);
  const customer = await services.customers.createCustomer(ctx, {
    name: `Bench ${label} ${Date.now()}`,
    timeZone: TIME_ZONE,
  });
  const contract = await services.contracts.create(ctx, {
    customerId: customer.id,
    number: `BENCH-${label}-${Date.now()}`.toUpperCase(),
    termStart: addDays(today, -400),
    termEnd: addDays(today, 365),
    unit: 'hours',
    initialAmount: 0,
  });

  const engagements = Array.from({ length: ENGAGEMENTS }, () => ids.next('eng'));
  const createdBy = actorLabel(auth.actor);
  const first = now.getTime() - 365 * 86_400_000;
  const step = (now.getTime() - 60_000 - first) / n;
  let totals: LedgerTotals = emptyTotals;
  const reservations = new Map<string, ReservationSums>();
  const daily = new Map<string, number>();
  let prevHash: string | null = null;

  for (let from = 1; from <= n; from += BATCH) {
    const cols = {
      id: [] as string[],
      seq: [] as number[],
      kind: [] as string[],
      amount: [] as number[],
      engagement: [] as (string | null)[],
      reference: [] as (string | null)[],
      key: [] as (string | null)[],
      requestHash: [] as (string | null)[],
      balanceAfter: [] as number[],
      reservedAfter: [] as number[],
      createdAt: [] as string[],
      prevHash: [] as (string | null)[],
      hash: [] as string[],
    };
    for (let seq = from; seq < Math.min(from + BATCH, n + 1); seq++) {
      const e = cycleEntry(seq, engagements);
      const at = new Date(Math.floor(first + (seq - 1) * step));
      const effect = effectOf({ kind: e.kind, amount: e.amount, engagementId: e.engagementId });
      const next = applyEffect(totals, e.engagementId ? (reservations.get(e.engagementId) ?? null) : null, effect);
      totals = next.totals;
      if (e.engagementId && next.reservation) reservations.set(e.engagementId, next.reservation);
      if (consumptionKinds.includes(e.kind)) {
        const day = localDate(at, TIME_ZONE);
        daily.set(day, (daily.get(day) ?? 0) + e.amount);
      }
      const body: EntryBody = {
        seq,
        id: ids.next('led'),
        contractId: contract.id,
        kind: e.kind,
        amount: e.amount,
        engagementId: e.engagementId,
        reversesId: null,
        reference: e.reference,
        reason: null,
        idempotencyKey: e.key,
        overage: 0,
        balanceAfter: balanceOf(totals),
        reservedAfter: totals.reserved,
        createdBy,
        createdAt: at.toISOString(),
        prevHash,
      };
      const hash = entryHash(body);
      cols.id.push(body.id);
      cols.seq.push(seq);
      cols.kind.push(e.kind);
      cols.amount.push(e.amount);
      cols.engagement.push(e.engagementId);
      cols.reference.push(e.reference);
      cols.key.push(e.key);
      cols.requestHash.push(
        e.key ? sha256Hex(canonicalize({ op: 'top_up', amount: e.amount, reference: e.reference }) ?? '') : null,
      );
      cols.balanceAfter.push(body.balanceAfter);
      cols.reservedAfter.push(body.reservedAfter);
      cols.createdAt.push(body.createdAt);
      cols.prevHash.push(prevHash);
      cols.hash.push(hash);
      prevHash = hash;
    }
    await sql`
      INSERT INTO ledger_entries (id, contract_id, seq, kind, amount, engagement_id, reverses_id, reference, reason, idempotency_key, request_hash,
                                  overage, balance_after, reserved_after, actor_type, actor_id, created_by, created_at, prev_hash, hash)
      SELECT u.id, ${contract.id}, u.seq, u.kind, u.amount, u.engagement_id, NULL, u.reference, NULL, u.idempotency_key, u.request_hash,
             0, u.balance_after, u.reserved_after, 'user', ${auth.actor.userId}, ${createdBy}, u.created_at, u.prev_hash, u.hash
      FROM unnest(${cols.id}::text[], ${cols.seq}::int[], ${cols.kind}::text[], ${cols.amount}::bigint[], ${cols.engagement}::text[],
                  ${cols.reference}::text[], ${cols.key}::text[], ${cols.requestHash}::text[], ${cols.balanceAfter}::bigint[],
                  ${cols.reservedAfter}::bigint[], ${cols.createdAt}::timestamptz[], ${cols.prevHash}::text[], ${cols.hash}::text[])
        AS u(id, seq, kind, amount, engagement_id, reference, idempotency_key, request_hash, balance_after, reserved_after, created_at, prev_hash, hash)
    `.execute(db.kysely);
  }

  await db.transaction(async (trx) => {
    await trx
      .updateTable('contract_balances')
      .set({
        last_seq: n,
        last_hash: prevHash,
        updated_at: now,
        ...totalsColumns(totals),
      })
      .where('contract_id', '=', contract.id)
      .execute();
    const sums = [...reservations].map(([engagementId, r]) => ({
      contract_id: contract.id,
      engagement_id: engagementId,
      reserved: r.reserved,
      released: r.released,
      consumed: r.consumed,
      minimum_true_ups: r.minimumTrueUps,
    }));
    if (sums.length) await trx.insertInto('ledger_reservations').values(sums).execute();
    const days = [...daily].map(([day, consumed]) => ({ contract_id: contract.id, day, consumed }));
    if (days.length) await trx.insertInto('ledger_daily_consumption').values(days).execute();
  });
  // Settle the new rows now rather than during the measurement: visibility map and statistics (no
  // autovacuum later), and the pages just written flushed (no checkpoint writing them out meanwhile).
  await sql`VACUUM (ANALYZE) ledger_entries`.execute(db.kysely);
  await sql`CHECKPOINT`.execute(db.kysely);
  return {
    contractId: contract.id,
    entries: n,
    balance: balanceOf(totals),
    reserved: totals.reserved,
    headHash: prevHash!,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * The entries at both ends of a long chain, through the paginated ledger route: each recomputed hash must
 * match, each prevHash must be the previous entry's hash, and the last must be the balance's head hash.
 */
async function verifyChainEnds(
  ctx: BenchContext<unknown>,
  token: string,
  seed: SeededLedger,
  size = 50,
): Promise<string[]> {
  const problems: string[] = [];
  const page = async (afterSeq: number) => {
    const cursor = afterSeq > 0 ? `&cursor=${ledgerPageCursor.encode([afterSeq])}` : '';
    return (
      await ctx.api.request<{ items: LedgerEntry[] }>(
        'GET',
        `/api/v1/contracts/${seed.contractId}/ledger?limit=${size}${cursor}`,
        { token },
      )
    ).body.items;
  };
  for (const entries of [await page(0), await page(Math.max(0, seed.entries - size))]) {
    let prev = entries[0]?.seq === 1 ? null : (entries[0]?.prevHash ?? null);
    for (const e of entries) {
      const body: EntryBody = {
        seq: e.seq,
        id: e.id,
        contractId: seed.contractId,
        kind: e.kind,
        amount: e.amount.amount,
        engagementId: e.engagementId,
        reversesId: e.reversesId,
        reference: e.reference,
        reason: e.reason,
        idempotencyKey: e.idempotencyKey,
        overage: e.overage.amount,
        balanceAfter: e.balanceAfter.amount,
        reservedAfter: e.reservedAfter.amount,
        createdBy: e.createdBy,
        createdAt: e.createdAt,
        prevHash: e.prevHash,
      };
      if (entryHash(body) !== e.hash) problems.push(`entry ${e.seq}: its hash does not match its content`);
      if (e.prevHash !== prev) problems.push(`entry ${e.seq}: prevHash is not the previous entry's hash`);
      prev = e.hash;
    }
  }
  const b = await expectBalance(ctx, token, seed.contractId, {
    entries: seed.entries,
    balance: seed.balance,
    headHash: seed.headHash,
  }).catch((e: Error) => e);
  if (b instanceof Error) problems.push(b.message);
  return problems;
}

/**
 * GET the balance of one contract whose ledger holds `entries` entries (seeded in bulk before the server
 * listens). The read uses the cached balance row and at most ~90 daily sums, so it should not depend on
 * the number of entries: with `compareTo` another such scenario, "flat" is a ratio near 1. Verification:
 * the full export through the API and the offline verifier when the chain is small (≤ 10,000 entries),
 * else both ends of the chain through the paginated ledger route; the balance must still show the seed.
 */
export function longLedgerScenario(o: {
  name: string;
  entries: number;
  compareTo?: { scenario: string };
  aim?: { atLeast: number };
  defaultRun?: boolean;
}): AnyScenario {
  return defineScenario<{ token: string; seed: SeededLedger }, SeededLedger>({
    name: o.name,
    description: `GET /api/v1/contracts/{id}/balance of one contract with ${o.entries.toLocaleString('en-US')} ledger entries`,
    backends: ['pglite', 'postgres'],
    ...(o.compareTo ? { compareTo: o.compareTo } : { compareTo: 'pgbench-select' as const }),
    ...(o.defaultRun === false ? { defaultRun: false } : {}),
    ...(o.aim ? { aim: o.aim } : {}),
    seed: (core) => seedLongLedger(core, o.name, o.entries),
    async setup(ctx) {
      const session = await ctx.api.login(ctx.admin.email, ctx.admin.password);
      const token = await ctx.api.createToken(session, `bench ${o.name} ${ctx.backend}`);
      ctx.log(`seeded ${ctx.seed.entries.toLocaleString('en-US')} entries in ${ctx.seed.seconds} s`);
      await expectBalance(ctx, token, ctx.seed.contractId, {
        entries: ctx.seed.entries,
        balance: ctx.seed.balance,
        headHash: ctx.seed.headHash,
      });
      return { token, seed: ctx.seed };
    },
    run: (s) => ({
      request: {
        path: `/api/v1/contracts/${s.seed.contractId}/balance`,
        headers: { authorization: `Bearer ${s.token}` },
      },
    }),
    async verify(s, ctx) {
      if (s.seed.entries > 10_000) return verifyChainEnds(ctx, s.token, s.seed);
      return (await verifyLedgers(ctx, s.token, [s.seed.contractId])).problems;
    },
  });
}
