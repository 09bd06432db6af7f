import { statementsScenario } from './statements-fixtures.ts';

/** One period's statements of 1,000 contracts (PDFs included): statements/s, the reference of the 10k ratio. */
export const statements1k = statementsScenario({ name: 'statements-1k', count: 1_000, defaultRun: true });
