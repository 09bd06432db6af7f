import type { AnyScenario } from '../types.ts';
import { authMe } from './auth-me.ts';
import { balance1k } from './balance-1k.ts';
import { balance1m } from './balance-1m.ts';
import { balanceRead } from './balance-read.ts';
import { effortPost } from './effort-post.ts';
import { healthz } from './healthz.ts';
import { topupHot } from './topup-hot.ts';
import { topupSpread } from './topup-spread.ts';
import { staffingSuggest } from './staffing-suggest.ts';

/**
 * Every benchmark scenario, in the order they run. One file per scenario; add yours at the end
 * (docs/benchmarks.md, "Adding a scenario").
 */
export const scenarios: readonly AnyScenario[] = [
  healthz,
  authMe,
  topupSpread,
  topupHot,
  balanceRead,
  balance1k,
  balance1m,
  effortPost,
  staffingSuggest,
];
