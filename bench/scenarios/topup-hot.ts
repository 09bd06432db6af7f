import { randomUUID } from 'node:crypto';
import { defineScenario } from '../types.ts';
import { makeContracts, verifyLedgers, type LedgerFixture } from './balance-fixtures.ts';

/**
 * The same top-ups, all on one contract: the 8 clients queue on its balance row lock (postings on one
 * contract are serialised by design), so this measures how long one posting holds the lock. Reported.
 */
export const topupHot = defineScenario<LedgerFixture>({
  name: 'topup-hot',
  description:
    'POST /api/v1/contracts/{id}/top-ups, a fresh Idempotency-Key each, all on one contract (row lock contention)',
  backends: ['pglite', 'postgres'],
  compareTo: 'pgbench-tpcb',
  setup: (ctx) => makeContracts(ctx, 'topup-hot', 1),
  run: (s) => ({
    next: () => ({
      method: 'POST',
      path: `/api/v1/contracts/${s.contractIds[0]}/top-ups`,
      headers: { authorization: `Bearer ${s.token}`, 'idempotency-key': randomUUID() },
      body: { amount: 60, reference: 'bench PO' },
    }),
  }),
  async verify(s, ctx) {
    const { problems, kinds } = await verifyLedgers(ctx, s.token, s.contractIds);
    ctx.log(`verified the chain: ${kinds['top_up'] ?? 0} top-ups`);
    if (!kinds['top_up']) problems.push('no top-up reached the ledger');
    return problems;
  },
});
