import type { Core } from '../core/core.ts';

/**
 * Ends the terms that are over in their customer's time zone (rollover to a successor, expiry of the
 * rest, status expired), each exactly once. Contracts that failed are retried on the next run; the run
 * fails so that the job system logs it.
 */
export async function runTermEnd(core: Core): Promise<{ ended: number }> {
  const result = await core.services.contracts.processTermEnds();
  if (result.failed.length) {
    throw new Error(
      `term end failed for ${result.failed.length} contract(s): ${result.failed.map((f) => `${f.contractId}: ${f.error}`).join('; ')}`,
    );
  }
  return { ended: result.ended.length };
}
