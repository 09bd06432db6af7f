import { z } from 'zod';
import { Instant } from './common.ts';

/** One scheduled job's runs across every worker (pg-boss's job table and its archive). */
export const JobStatus = z
  .object({
    name: z.string(),
    completed: z.number().int(),
    failed: z.number().int(),
    waiting: z.number().int().describe('created or waiting for a retry'),
    active: z.number().int().describe('running now (or on a worker that died, until the job expires)'),
    lastCompletedAt: Instant.nullable(),
    lastFailedAt: Instant.nullable(),
    lastStartedAt: Instant.nullable(),
  })
  .meta({ id: 'JobStatus' });

/** What `imr status` prints: GET /api/v1/admin/status. */
export const InstallationStatus = z
  .object({
    version: z.string(),
    database: z.enum(['postgres', 'pglite']),
    now: Instant,
    outbox: z.object({
      queued: z.number().int(),
      sending: z.number().int(),
      failing: z.number().int(),
      failed: z.number().int(),
      delivered: z.number().int(),
      oldestWaitingSince: Instant.nullable().describe('when the oldest message not delivered yet was written'),
    }),
    sla: z.object({ atRisk: z.number().int(), breached: z.number().int() }),
    jobs: z.array(JobStatus),
    migrations: z.object({
      applied: z.number().int(),
      pending: z.array(z.string()),
      latest: z.string().nullable(),
    }),
  })
  .meta({ id: 'InstallationStatus' });
