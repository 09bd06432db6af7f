import { sql } from 'kysely';
import { reservationAmount } from '../../src/core/billing/billing.rules.ts';
import { systemCtx } from '../../src/core/context.ts';
import type { NewContract } from '../../src/core/contracts/create-contract.ts';
import type { EngagementStatus } from '../../src/core/engagements/engagements.tables.ts';
import type { ContractSettingsInput } from '../../src/shared/contracts/contract-settings.ts';
import type { Contract } from '../../src/shared/contracts/contracts.ts';
import { makeContract } from './contract-factories.ts';
import type { TestEnv } from './harness.ts';

let seq = 0;

export interface EngagementOptions {
  /** An existing contract; otherwise a new customer and contract (hours, 40 h, settings as given). */
  contract?: Contract;
  contractOptions?: Partial<Omit<NewContract, 'settings'>> & { timeZone?: string; settings?: ContractSettingsInput };
  pricingMode?: 'time_and_materials' | 'fixed';
  kind?: 'emergency' | 'proactive';
  estimate?: number;
  fixedPrice?: number | null;
  minimumBillable?: number;
  team?: { userId: string; role: string }[];
  plannedStart?: string | null;
  plannedEnd?: string | null;
  /** Where to put it after creation (a direct update: the lifecycle is tested on its own). Default in_progress. */
  status?: EngagementStatus;
  /** Post the reservation of the approval (default true). */
  reserve?: boolean;
}

export interface TestEngagement {
  id: string;
  number: string;
  contract: Contract;
  customerId: string;
  organizationId: string;
}

/**
 * An engagement as an EWO approval makes it (EWO approval is its own feature): createFromApprovalInTx and
 * the ledger's reserve of the larger of estimate and minimum (or the fixed price), in one transaction.
 */
export async function makeEngagement(t: TestEnv, o: EngagementOptions = {}): Promise<TestEngagement> {
  const contract =
    o.contract ?? (await makeContract(t, o.contractOptions as Partial<NewContract> & { timeZone?: string }));
  const pricingMode = o.pricingMode ?? 'time_and_materials';
  const estimate = o.estimate ?? 10 * 60;
  const fixedPrice = pricingMode === 'fixed' ? (o.fixedPrice ?? estimate) : null;
  const minimumBillable = o.minimumBillable ?? 0;
  const ctx = systemCtx('test-approval');
  const n = ++seq;
  const created = await t.db.transaction(async (trx) => {
    const e = await t.core.services.engagements.createFromApprovalInTx(trx, ctx, {
      customerId: contract.customerId,
      contractId: contract.id,
      requestId: `req_test${n}`,
      workOrderId: `ewo_test${n}_${t.core.ids.next('ewo').slice(-8)}`,
      title: `Test engagement ${n}`,
      kind: o.kind ?? 'emergency',
      deliveryMode: 'remote',
      siteIds: [],
      pricingMode,
      estimate,
      fixedPrice,
      minimumBillable,
      plannedStart: o.plannedStart ?? null,
      plannedEnd: o.plannedEnd ?? null,
      team: o.team ?? [],
    });
    const amount = reservationAmount({ pricingMode, estimate, fixedPrice, minimumBillable });
    if ((o.reserve ?? true) && amount > 0) {
      await t.core.services.ledger.reserve(trx, ctx, {
        contractId: contract.id,
        engagementId: e.id,
        amount,
        idempotencyKey: `approve:${e.id}`,
      });
    }
    return e;
  });
  const status = o.status ?? 'in_progress';
  if (status !== 'scheduled') {
    await t.db.kysely
      .updateTable('engagements')
      .set({ status, status_before_hold: status === 'on_hold' ? 'in_progress' : null })
      .where('id', '=', created.id)
      .execute();
  }
  return { ...created, contract, customerId: contract.customerId, organizationId: contract.organizationId };
}

/** Everything a refused effort, close or correction must leave alone. */
export async function engagementSnapshot(t: TestEnv, engagementId: string) {
  const e = await t.db.kysely
    .selectFrom('engagements')
    .selectAll()
    .where('id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const count = async (table: 'ledger_entries' | 'outbox' | 'audit_events' | 'effort_entries') =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const balance = await t.db.kysely
    .selectFrom('contract_balances')
    .selectAll()
    .where('contract_id', '=', e.contract_id)
    .executeTakeFirstOrThrow();
  return {
    engagement: e,
    balance,
    effort: await t.db.kysely
      .selectFrom('effort_entries')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .orderBy('id')
      .execute(),
    counts: {
      ledger: await count('ledger_entries'),
      outbox: await count('outbox'),
      audit: await count('audit_events'),
      effort: await count('effort_entries'),
    },
  };
}

/** A contract's balance replayed from its entries (a reversal negates its target), independent of the cache. */
export async function replayedBalance(t: TestEnv, contractId: string): Promise<{ balance: number; consumed: number }> {
  const r = await sql<{ kind: string; total: string | number }>`
    SELECT coalesce(x.kind, e.kind) AS kind, sum(CASE WHEN e.kind = 'reversal' THEN -x.amount ELSE e.amount END) AS total
    FROM ledger_entries e LEFT JOIN ledger_entries x ON x.id = e.reverses_id
    WHERE e.contract_id = ${contractId}
    GROUP BY 1`.execute(t.db.kysely);
  const by = Object.fromEntries(r.rows.map((x) => [x.kind, Number(x.total)]));
  const g = (k: string) => by[k] ?? 0;
  return {
    balance:
      g('grant') +
      g('top_up') +
      g('rollover_in') +
      g('adjustment') -
      g('consume') -
      g('minimum_true_up') -
      g('expire') -
      g('rollover_out'),
    consumed: g('consume'),
  };
}

/** Outbox messages of a topic (payload parsed). */
export async function outboxOf(t: TestEnv, topic: string) {
  return t.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('topic', '=', topic)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
