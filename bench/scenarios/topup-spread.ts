import { randomUUID } from 'node:crypto';
import { defineScenario } from '../types.ts';
import { makeContracts, verifyLedgers, type LedgerFixture } from './balance-fixtures.ts';

const CONTRACTS = 200;

/**
 * The ledger's write path through the API: 8 clients post top-ups spread round-robin over 200 contracts
 * (little lock contention), each with its own Idempotency-Key. Per request (token lookup from memory):
 * one statement that locks the contract's balance row, checks the remembered head, inserts the chained
 * entry, updates the cached balance and writes the audit event (the optimistic append; the locking
 * transaction when the head moved). Compared with pgbench TPC-B (also a short write transaction).
 */
export const topupSpread = defineScenario<LedgerFixture>({
  name: 'topup-spread',
  description: `POST /api/v1/contracts/{id}/top-ups, a fresh Idempotency-Key each, round-robin over ${CONTRACTS} contracts`,
  backends: ['pglite', 'postgres'],
  compareTo: 'pgbench-tpcb',
  aim: { atLeast: 0.5, backends: ['postgres'] },
  setup: (ctx) => makeContracts(ctx, 'topup-spread', CONTRACTS),
  run: (s) => {
    let i = 0;
    return {
      next: () => ({
        method: 'POST',
        path: `/api/v1/contracts/${s.contractIds[i++ % s.contractIds.length]}/top-ups`,
        headers: { authorization: `Bearer ${s.token}`, 'idempotency-key': randomUUID() },
        body: { amount: 60, reference: 'bench PO' },
      }),
    };
  },
  async verify(s, ctx) {
    const { problems, kinds } = await verifyLedgers(ctx, s.token, s.contractIds);
    ctx.log(`verified ${s.contractIds.length} chains: ${kinds['top_up'] ?? 0} top-ups`);
    if (!kinds['top_up']) problems.push('no top-up reached the ledgers');
    return problems;
  },
});
