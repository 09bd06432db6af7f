import { authorize, providerWith } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage } from '../pagination.ts';
import type { InboundDeps } from './inbound.deps.ts';
import { inboundRepo } from './inbound.repo.ts';
import type { InboundHandler } from './inbound.types.ts';
import { receive, type Envelope } from './receive.ts';

/** Pages of this list continue after the last item's sequence number. */
const bySeq = cursorOf('seq');

export type InboundService = ReturnType<typeof createInboundService>;

/** Admins read what arrived and what was done with it, newest first. */
async function listInbound(deps: InboundDeps, ctx: Ctx, filter: { cursor?: string; limit?: number }) {
  authorize(ctx.actor, providerWith('admin'), 'Only administrators read inbound mail.');
  const limit = filter.limit ?? 50;
  const before = bySeq.decode(filter.cursor);
  const rows = await inboundRepo.list(deps.db.kysely, {
    ...(before ? { beforeSeq: before[0] } : {}),
    limit: limit + 1,
  });
  return toPage(rows, limit, bySeq, (row) => [Number(row.seq)]);
}

/** Mail received at MAIL_IN_DOMAIN: features register a handler per address tag; the factory binds receive and list. */
export function createInboundService(deps: InboundDeps) {
  const handlers = new Map<string, InboundHandler>();

  return {
    /** Features register their handler for one address tag at composition time. */
    register(handler: InboundHandler): void {
      handlers.set(handler.tag.toLowerCase(), handler);
    },
    receive: (raw: Buffer, envelope: Envelope) => receive(deps, handlers, raw, envelope),
    list: (ctx: Ctx, filter: { cursor?: string; limit?: number }) => listInbound(deps, ctx, filter),
  };
}
