import type { Db } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { canManageMail as canReadMailbox } from './mail.policy.ts';
import { mailRepo } from './mail.repo.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export type MailboxService = ReturnType<typeof createMailboxService>;

export function createMailboxService(deps: { db: Db }) {
  return {
    /** Admins list the local mailbox (every message the product sent while no SMTP server is set), newest first. */
    async list(ctx: Ctx, filter: { to?: string; cursor?: string; limit?: number }) {
      authorize(ctx.actor, canReadMailbox, 'Only administrators read the mailbox.');
      const limit = filter.limit ?? 50;
      const after = byId.decode(filter.cursor);
      const rows = await mailRepo.listMailbox(deps.db.kysely, {
        ...(filter.to ? { to: filter.to.toLowerCase() } : {}),
        ...(after ? { beforeId: after[0] } : {}),
        limit: limit + 1,
      });
      return toPage(rows, limit, byId, (r) => [r.id]);
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
