import type { AnyScenario } from '../types.ts';
import { authMe } from './auth-me.ts';
import { healthz } from './healthz.ts';

/**
 * Every benchmark scenario, in the order they run. One file per scenario; add yours at the end
 * (docs/benchmarks.md, "Adding a scenario").
 */
export const scenarios: readonly AnyScenario[] = [healthz, authMe];
