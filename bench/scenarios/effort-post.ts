import { randomUUID } from 'node:crypto';
import { systemCtx, type Ctx } from '../../src/core/context.ts';
import { addDays, localDate } from '../../src/shared/dates.ts';
import type { Core } from '../../src/core/core.ts';
import { defineScenario } from '../types.ts';
import { verifyLedgers } from './balance-fixtures.ts';

const CONTRACTS = 20;
const PER_CONTRACT = 10;
const TIME_ZONE = 'America/Chicago';
/**
 * More than the load can consume (10 × 5,000 minutes reserved of 100,000 granted per contract; 8 clients at
 * 1,000 req/s for 12 s put 900 minutes on each engagement), yet small enough for a sane depletion forecast.
 */
const GRANT = 100_000;
const ESTIMATE = 5_000;

interface Seed {
  contractIds: string[];
  engagementIds: string[];
}

interface State extends Seed {
  token: string;
}

/**
 * Engagements exist only through an EWO approval (no API creates them), so the seed makes them in the
 * server process as an approval does: createFromApprovalInTx and the ledger's reserve, then kickoff
 * (in_progress) through the service, the administrator on each team.
 */
async function seedEngagements(core: Core): Promise<Seed> {
  const { config, services, db, clock } = core;
  const session = await services.accounts.login(systemCtx('bench seed'), {
    email: config.admin.email!,
    password: config.admin.password!,
  });
  const auth = await services.accounts.authenticateSession(session.sessionToken);
  if (!auth) throw new Error('the bench seed could not sign in as the administrator');
  const ctx: Ctx = { actor: auth.actor, channel: 'system' };
  const today = localDate(clock.now(), TIME_ZONE);
  const customer = await services.customers.createCustomer(ctx, {
    name: `Bench effort-post ${Date.now()}`,
    timeZone: TIME_ZONE,
  });
  const contractIds: string[] = [];
  const byContract: string[][] = [];
  for (let c = 0; c < CONTRACTS; c++) {
    const contract = await services.contracts.create(ctx, {
      customerId: customer.id,
      number: `BENCH-EFFORT-${Date.now()}-${c + 1}`,
      termStart: addDays(today, -30),
      termEnd: addDays(today, 730),
      unit: 'hours',
      initialAmount: GRANT,
    });
    contractIds.push(contract.id);
    byContract.push([]);
    for (let e = 0; e < PER_CONTRACT; e++) {
      const id = await db.transaction(async (trx) => {
        const created = await services.engagements.createFromApprovalInTx(trx, ctx, {
          customerId: customer.id,
          contractId: contract.id,
          requestId: `req_bench_${c}_${e}`,
          workOrderId: `ewo_bench_${contract.id}_${e}`,
          title: `Bench engagement ${c + 1}.${e + 1}`,
          kind: 'emergency',
          deliveryMode: 'remote',
          siteIds: [],
          pricingMode: 'time_and_materials',
          estimate: ESTIMATE,
          fixedPrice: null,
          minimumBillable: 0,
          plannedStart: null,
          plannedEnd: null,
          team: [{ userId: auth.actor.userId, role: 'lead' }],
        });
        await services.ledger.reserve(trx, ctx, {
          contractId: contract.id,
          engagementId: created.id,
          amount: ESTIMATE,
        });
        return created.id;
      });
      await services.engagements.transition(ctx, id, { to: 'in_progress' });
      byContract[c]!.push(id);
    }
  }
  // Interleaved (contract 1, 2, … 20, 1, 2, …): consecutive requests of the round-robin meet at different balance rows.
  const engagementIds = Array.from({ length: PER_CONTRACT }, (_, e) => byContract.map((ids) => ids[e]!)).flat();
  return { contractIds, engagementIds };
}

/**
 * Effort posting through the API: 8 clients log 15 minutes of analysis round-robin over 200 engagements of
 * 20 contracts (interleaved, so that concurrent postings rarely share a contract), each with its own
 * Idempotency-Key. Per request: token lookup (from memory), the draft (on the context the server's last
 * posting on that engagement left, or one read), then the group-commit writer: the postings waiting
 * together in one statement that locks their engagements and balance rows and writes each one's chained
 * `consume` entry, cached balance, reservation and daily sums, effort entry, engagement sums and audit
 * event. Compared with pgbench TPC-B.
 */
export const effortPost = defineScenario<State, Seed>({
  name: 'effort-post',
  description: `POST /api/v1/engagements/{id}/effort (15 min analysis, consumed), a fresh Idempotency-Key each, round-robin over ${CONTRACTS * PER_CONTRACT} engagements of ${CONTRACTS} contracts`,
  backends: ['pglite', 'postgres'],
  compareTo: 'pgbench-tpcb',
  aim: { atLeast: 0.5, backends: ['postgres'] },
  seed: seedEngagements,
  async setup(ctx) {
    const session = await ctx.api.login(ctx.admin.email, ctx.admin.password);
    const token = await ctx.api.createToken(session, `bench effort-post ${ctx.backend}`);
    // One posting before the load proves the path answers 201 with a consumed entry.
    const probe = await ctx.api.request<{ billingStatus: string }>(
      'POST',
      `/api/v1/engagements/${ctx.seed.engagementIds[0]}/effort`,
      {
        token,
        body: { minutes: 15, activity: 'analysis', note: 'bench probe' },
        expect: [201],
      },
    );
    if (probe.body.billingStatus !== 'consumed')
      throw new Error(`the probe entry is ${probe.body.billingStatus}, expected consumed`);
    ctx.log(`${ctx.seed.engagementIds.length} engagements seeded`);
    return { token, ...ctx.seed };
  },
  run: (s) => {
    let i = 0;
    return {
      next: () => ({
        method: 'POST',
        path: `/api/v1/engagements/${s.engagementIds[i++ % s.engagementIds.length]}/effort`,
        headers: { authorization: `Bearer ${s.token}`, 'idempotency-key': randomUUID() },
        body: { minutes: 15, activity: 'analysis', note: 'bench' },
      }),
    };
  },
  async verify(s, ctx) {
    // verifyLedgers waits until the ledgers stand still; the engagements' sums move in the same transactions.
    const { problems, kinds } = await verifyLedgers(ctx, s.token, s.contractIds);
    let fromEngagements = 0;
    for (const id of s.engagementIds) {
      const e = await ctx.api.request<{ consumed: { amount: number }; held: { amount: number } }>(
        'GET',
        `/api/v1/engagements/${id}`,
        { token: s.token },
      );
      fromEngagements += e.body.consumed.amount;
      if (e.body.held.amount !== 0) problems.push(`engagement ${id}: ${e.body.held.amount} held, expected none`);
    }
    const consumes = kinds['consume'] ?? 0;
    if (consumes === 0) problems.push('no consume entry reached the ledgers');
    if (fromEngagements !== consumes * 15)
      problems.push(
        `the engagements consumed ${fromEngagements} minutes, the ledgers hold ${consumes} consume entries of 15`,
      );
    ctx.log(
      `verified ${s.contractIds.length} chains: ${consumes} consume entries, ${fromEngagements} minutes on the engagements`,
    );
    return problems;
  },
});
