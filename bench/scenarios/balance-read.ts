import { defineScenario } from '../types.ts';
import { expectBalance, makeContracts, type LedgerFixture } from './balance-fixtures.ts';

const CONTRACTS = 200;

/**
 * The balance card's read: GET /api/v1/contracts/{id}/balance round-robin over 200 contracts. Per request:
 * token lookup and the balance (its ledger head with contract, customer and ≤ 90 daily sums), both from memory:
 * the server's balance cache, confirmed against the database every 100 ms (core/ledger/balance-cache.ts).
 * Compared with pgbench select-only (one primary-key read per transaction).
 */
export const balanceRead = defineScenario<LedgerFixture>({
  name: 'balance-read',
  description: `GET /api/v1/contracts/{id}/balance, round-robin over ${CONTRACTS} contracts`,
  backends: ['pglite', 'postgres'],
  compareTo: 'pgbench-select',
  aim: { atLeast: 0.25, backends: ['postgres'] },
  async setup(ctx) {
    const f = await makeContracts(ctx, 'balance-read', CONTRACTS);
    await expectBalance(ctx, f.token, f.contractIds[0]!, { entries: 1, balance: 6000 });
    return f;
  },
  run: (s) => {
    let i = 0;
    return {
      next: () => ({
        path: `/api/v1/contracts/${s.contractIds[i++ % s.contractIds.length]}/balance`,
        headers: { authorization: `Bearer ${s.token}` },
      }),
    };
  },
});
