import { longLedgerScenario } from './balance-fixtures.ts';

/**
 * Balance reads on a contract with 1,000,000 ledger entries, compared with balance-1k (name both:
 * `--scenario balance-1k balance-1m`); only when named, since seeding a million chained entries takes minutes.
 * The aim is "flat": at least 0.8 of the 1k figure (run-to-run noise on two shared cores is ~10–20 %).
 */
export const balance1m = longLedgerScenario({
  name: 'balance-1m',
  entries: 1_000_000,
  compareTo: { scenario: 'balance-1k' },
  aim: { atLeast: 0.8 },
  defaultRun: false,
});
