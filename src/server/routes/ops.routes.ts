import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OpsService } from '../../core/ops/ops.service.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import { InstallationStatus } from '../../shared/contracts/ops.ts';
import { ctxOf } from '../plugins/auth.ts';

/** How the installation runs, for admins and `imr status`. */
export const opsRoutes: FastifyPluginAsyncZod<{ ops: OpsService }> = async (app, { ops }) => {
  app.get(
    '/admin/status',
    {
      schema: {
        tags: ['platform'],
        summary:
          "The installation's status: outbox queue, SLA targets, scheduled jobs' runs, version, migrations (admin)",
        response: { 200: InstallationStatus, ...problemResponses },
      },
    },
    async (request) => {
      const s = await ops.status(ctxOf(request));
      return {
        ...s,
        jobs: s.jobs.map((j) => ({
          name: j.name,
          completed: j.completed,
          failed: j.failed,
          waiting: j.waiting,
          active: j.active,
          lastCompletedAt: j.last_completed_at,
          lastFailedAt: j.last_failed_at,
          lastStartedAt: j.last_started_at,
        })),
      };
    },
  );
};
