import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BackupService } from '../../core/backup/backup.service.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf } from '../plugins/auth.ts';

/** Operations: a backup of the embedded database, taken by the running server. */
export const backupRoutes: FastifyPluginAsyncZod<{ backup: BackupService }> = async (app, { backup }) => {
  app.post(
    '/admin/backup',
    {
      schema: {
        tags: ['operations'],
        summary:
          'A consistent backup of the embedded database, streamed (admin; audited). It holds password hashes and secrets: keep it safe. On PostgreSQL use pg_dump (`imr backup`).',
        produces: ['application/octet-stream'],
        response: {
          200: z
            .file()
            .describe('An IMR Desk backup file: a header line, a JSON manifest line, then the gzipped data directory.'),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await backup.takeEmbedded(ctxOf(request));
      const stamp = file.manifest.createdAt.slice(0, 10);
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="imr-backup-${stamp}.imrbak"`)
        .header('cache-control', 'private, no-store')
        .send(Readable.from([file.header, file.payload]) as never);
    },
  );
};
