import type { Core } from '../core/core.ts';

/**
 * Ends the terms that are over in their customer's time zone (rollover to a successor, expiry of the
 * rest, status expired), each exactly once. Contracts that failed are retried on the next run; the run
 * fails so that the job system logs it.
 */
export async function runTermEnd(core: Core): Promise<{ ended: number }> {
  const r = await core.services.contracts.processTermEnds();
  if (r.failed.length) {
    throw new Error(
      `term end failed for ${r.failed.length} contract(s): ${r.failed.map((f) => `${f.contractId}: ${f.error}`).join('; ')}`,
    );
  }
  return { ended: r.ended.length };
}
