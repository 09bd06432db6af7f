// Profiles issuing statements in one process, without HTTP: seeds the statements scenario's data (N contracts,
// 100 entries each) on a fresh PostgreSQL database `imr_exp_stm` and issues the period, printing statements/s.
// Run with a CPU profile: node --import tsx --cpu-prof bench/experiments/profile-statements.ts [count]
import { seedAndIssue } from '../scenarios/statements-fixtures.ts';
import { openExperimentCore } from './experiment-core.ts';

const count = Number(process.argv[2] ?? 200);
const { core, db } = await openExperimentCore('imr_exp_stm', 'statements profile');
const seed = await seedAndIssue(core, 'exp', count);
console.log(
  `${seed.issued} statements of ${seed.period} in ${seed.issueSeconds.toFixed(1)} s = ${seed.perSecond}/s ` +
    `(seed ${seed.seedSeconds.toFixed(1)} s)${seed.failed.length ? `; failed: ${seed.failed.join('; ')}` : ''}`,
);
await core.close();
await db.close();
