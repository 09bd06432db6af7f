import { longLedgerScenario } from './balance-fixtures.ts';

/** Balance reads on a contract with 1,000 ledger entries: the reference of the "flat" comparison. */
export const balance1k = longLedgerScenario({ name: 'balance-1k', entries: 1_000 });
