import type { Db } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { decodeCursor, toPage } from '../pagination.ts';
import { canManageMail as canReadMailbox } from './mail.policy.ts';
import { mailRepo } from './mail.repo.ts';

export type MailboxService = ReturnType<typeof createMailboxService>;

export function createMailboxService(deps: { db: Db }) {
  return {
    /** Admins list the local mailbox (every message the product sent while no SMTP server is set), newest first. */
    async list(ctx: Ctx, f: { to?: string; cursor?: string; limit?: number }) {
      authorize(ctx.actor, canReadMailbox, 'Only administrators read the mailbox.');
      const limit = f.limit ?? 50;
      const rows = await mailRepo.listMailbox(deps.db.kysely, {
        ...(f.to ? { to: f.to.toLowerCase() } : {}),
        ...(f.cursor ? { beforeId: decodeCursor(f.cursor) } : {}),
        limit: limit + 1,
      });
      return toPage(rows, limit, (r) => r.id);
    },

    /** One message with its bodies and RFC 5322 source. */
    async get(ctx: Ctx, id: string) {
      authorize(ctx.actor, canReadMailbox, 'Only administrators read the mailbox.');
      const row = await mailRepo.getMailbox(deps.db.kysely, id);
      if (!row) throw new AppError('NOT_FOUND', `Message ${id} not found.`);
      return row;
    },
  };
}
