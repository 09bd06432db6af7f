import { statementsScenario } from './statements-fixtures.ts';

/** One period's statements of 10,000 contracts: t(10k)/t(1k) should stay ≤ 11 (cost per contract flat). Only when named. */
export const statements10k = statementsScenario({ name: 'statements-10k', count: 10_000, defaultRun: false });
