import type { Core } from '../core/core.ts';
import { runTermEnd } from './term-end.job.ts';
import { runTermEndReminders } from './term-end-reminders.job.ts';

/** A scheduled job: pg-boss runs it on its cron (UTC) on exactly one worker at a time. */
export interface ScheduledJob {
  name: string;
  cron: string;
  /** What the job does; handlers take the core (and its clock), so tests call them directly. */
  run(core: Core): Promise<unknown>;
}

/** Every scheduled job of the product; features add theirs here. */
export const scheduledJobs: ScheduledJob[] = [
  {
    name: 'maintenance-prune',
    cron: '17 * * * *',
    run: async (core) => {
      const attempts = await core.services.accounts.pruneLoginAttempts();
      const signIns = (await core.services.sso?.prune()) ?? 0;
      return attempts + signIns;
    },
  },
  {
    // At-risk (75 %) and breach notices to IR managers, once per SLA target.
    name: 'sla-watch',
    cron: '* * * * *',
    run: (core) => core.services.sla.watch(),
  },
  {
    // Retainer terms end at midnight in each customer's time zone: every 15 minutes catches each soon after.
    name: 'contracts-term-end',
    cron: '*/15 * * * *',
    run: runTermEnd,
  },
  {
    // EWO versions and change orders not decided by their approval deadline expire, each exactly once
    // (row lock and status re-check); failures are retried on the next run.
    name: 'approvals-expiry',
    cron: '* * * * *',
    run: async (core) => {
      const result = await core.services.approvals.expireDue();
      if (result.failed.length)
        throw new Error(`approval expiry failed for ${result.failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`);
      return { expired: result.expired.length };
    },
  },
  {
    // Monthly statements on each contract's statement day at 08:00 in its customer's zone (catch-up of missed
    // periods, oldest first); exactly once per contract and period by the statements' unique key.
    name: 'statements-issue',
    cron: '*/15 * * * *',
    run: async (core) => {
      const result = await core.services.statements.issueDue();
      if (result.failed.length)
        throw new Error(
          `statements failed for ${result.failed.map((f) => `${f.contractId} ${f.period}: ${f.error}`).join('; ')}`,
        );
      return { issued: result.issued.length };
    },
  },
  {
    // Term-end reminders 90, 60 and 30 days before a term ends in its customer's zone: hourly catches each the
    // day it is due; once per contract and threshold (outbox dedupe key).
    name: 'contracts-term-end-reminders',
    cron: '41 * * * *',
    run: runTermEndReminders,
  },
  {
    // On-call coverage of the next 14 days: each gap is told to the IR managers once (outbox dedupe key).
    name: 'oncall-coverage',
    cron: '*/30 * * * *',
    run: (core) => core.services.oncall.notifyGaps(),
  },
];
