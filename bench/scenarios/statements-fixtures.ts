// The statements scenarios (statements-1k, statements-10k): one period's statements of many contracts,
// each with about 100 ledger entries in the period, seeded in bulk, issued (PDFs included) and timed in
// the server's process by the same use case as `POST /api/v1/statements/run`.
import { sql } from 'kysely';
import { systemCtx, type Ctx } from '../../src/core/context.ts';
import type { Core } from '../../src/core/core.ts';
import { defineScenario, type AnyScenario } from '../types.ts';

const ENTRIES = 100;
const TIME_ZONE = 'Europe/Berlin';

export interface StatementsSeed {
  contracts: number;
  issued: number;
  skipped: number;
  failed: string[];
  period: string;
  seedSeconds: number;
  issueSeconds: number;
  perSecond: number;
  contractId: string;
}

/** The month before the current one (UTC): it has ended in Berlin a day or more ago. */
function lastMonth(now: Date): { period: string; start: string } {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const period = d.toISOString().slice(0, 7);
  return { period, start: `${period}-01` };
}

/**
 * Seeds `count` active contracts of one customer (one statement contact), each with ENTRIES ledger entries
 * in last month: a grant, then cycles of top-up, reserve, consume, release over 10 engagements. Set-based
 * INSERT … SELECT (the statement reads the entries; the chain hashes are placeholders, not verified here).
 * Then issues the period and times it.
 */
export async function seedAndIssue(core: Core, label: string, count: number): Promise<StatementsSeed> {
  const started = Date.now();
  const { services, db, config } = core;
  const session = await services.accounts.login(systemCtx('bench seed'), {
    email: config.admin.email!,
    password: config.admin.password!,
  });
  const auth = await services.accounts.authenticateSession(session.sessionToken);
  if (!auth) throw new Error('the bench seed could not sign in as the administrator');
  const ctx: Ctx = { actor: auth.actor, channel: 'system' };
  const customer = await services.customers.createCustomer(ctx, {
    name: `Bench ${label} ${Date.now()}`,
    timeZone: TIME_ZONE,
  });
  await services.customers.addContact(ctx, customer.id, {
    name: 'Bench Statements',
    email: `statements-${label}-${Date.now()}@bench.invalid`,
    receivesStatements: true,
  });
  const { period, start } = lastMonth(core.clock.now());
  const prefix = `ctr_b${label}${Date.now().toString(36)}_`;
  const at = core.clock.now();
  await sql`
    INSERT INTO contracts (id, customer_id, number, term_start, term_end, unit, status, settings, created_at, updated_at)
    SELECT ${prefix} || g, ${customer.id}, 'BENCH-STM-' || ${label} || '-' || g, ${start}::date - 30, ${start}::date + 700,
           'hours', 'active', '{}'::jsonb, ${at}, ${at}
    FROM generate_series(1, ${count}) g`.execute(db.kysely);
  await sql`
    INSERT INTO ledger_entries (id, contract_id, seq, kind, amount, engagement_id, reference, balance_after,
                                reserved_after, actor_type, created_by, created_at, prev_hash, hash)
    SELECT 'led_' || ${prefix} || c || '_' || s, ${prefix} || c, s,
           CASE WHEN s = 1 THEN 'grant' ELSE (ARRAY['top_up', 'reserve', 'consume', 'release'])[(s - 2) % 4 + 1] END,
           CASE WHEN s = 1 THEN 60000 ELSE (ARRAY[120, 90, 60, 30])[(s - 2) % 4 + 1] END,
           CASE WHEN s = 1 OR (s - 2) % 4 = 0 THEN NULL ELSE 'eng_bench_' || ((s - 2) / 4 % 10) END,
           CASE WHEN (s - 2) % 4 = 0 THEN 'PO ' || s END,
           0, 0, 'system', 'bench', (${start}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE} + s * interval '5 hours',
           CASE WHEN s = 1 THEN NULL ELSE md5(c || ':' || (s - 1)) END, md5(c || ':' || s)
    FROM generate_series(1, ${count}) c, generate_series(1, ${ENTRIES}) s`.execute(db.kysely);
  const seeded = Date.now();
  const r = await services.statements.run(ctx, period);
  const issueSeconds = (Date.now() - seeded) / 1000;
  return {
    contracts: count,
    issued: r.issued.length,
    skipped: r.skipped.length,
    failed: r.failed.slice(0, 5).map((f) => f.error),
    period,
    seedSeconds: (seeded - started) / 1000,
    issueSeconds,
    perSecond: Math.round((r.issued.length / issueSeconds) * 10) / 10,
    contractId: `${prefix}1`,
  };
}

/** The 1k run's time, when both ran in this bench process: the 10k run reports t(10k)/t(1k) against it. */
const timings = new Map<string, number>();

export function statementsScenario(o: { name: string; count: number; defaultRun: boolean }): AnyScenario {
  return defineScenario<{ token: string; contractId: string }, StatementsSeed>({
    name: o.name,
    description: `issue one period's statements (PDFs included) of ${o.count.toLocaleString('en-US')} contracts with ${ENTRIES} entries each; the load reads a contract's statements`,
    backends: ['pglite', 'postgres'],
    defaultRun: o.defaultRun,
    seed: (core) => seedAndIssue(core, o.name.replace(/\W/g, ''), o.count),
    async setup(ctx) {
      const s = ctx.seed;
      timings.set(`${ctx.backend}:${o.count}`, s.issueSeconds);
      const ref = timings.get(`${ctx.backend}:1000`);
      ctx.log(
        `${o.name}: ${s.issued} statements of ${s.period} issued in ${s.issueSeconds.toFixed(1)} s = ${s.perSecond} statements/s` +
          ` (seed ${s.seedSeconds.toFixed(1)} s)` +
          (ref && o.count !== 1000 ? `; t(${o.count})/t(1000) = ${(s.issueSeconds / ref).toFixed(2)} (aim ≤ 11)` : ''),
      );
      const session = await ctx.api.login(ctx.admin.email, ctx.admin.password);
      const token = await ctx.api.createToken(session, `bench ${o.name} ${ctx.backend}`);
      return { token, contractId: s.contractId };
    },
    run: (state) => ({
      request: {
        path: `/api/v1/contracts/${state.contractId}/statements`,
        headers: { authorization: `Bearer ${state.token}` },
      },
    }),
    async verify(_state, ctx) {
      const s = ctx.seed;
      const problems = s.failed.map((f) => `statement failed: ${f}`);
      if (s.issued !== s.contracts) problems.push(`${s.issued} statements issued for ${s.contracts} contracts`);
      return problems;
    },
  });
}
