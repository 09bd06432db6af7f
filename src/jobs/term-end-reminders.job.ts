import type { Core } from '../core/core.ts';

/**
 * Term-end reminders at 90, 60 and 30 days before each term ends (customer time zone), once per contract
 * and threshold (safe to run twice or concurrently). Contracts that failed are retried on the next run;
 * the run fails so that the job system logs it.
 */
export async function runTermEndReminders(core: Core): Promise<{ sent: number }> {
  const result = await core.services.channels.sendTermEndReminders();
  if (result.failed.length) {
    throw new Error(
      `term-end reminders failed for ${result.failed.length} contract(s): ${result.failed.map((f) => `${f.contractId}: ${f.error}`).join('; ')}`,
    );
  }
  return { sent: result.sent.length };
}
