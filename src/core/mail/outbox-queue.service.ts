import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { canManageMail } from './mail.policy.ts';
import { mailRepo, type OutboxListRow } from './mail.repo.ts';
import { awaitsAttempt, outboxState, retryRefusal, type OutboxState } from './mail.rules.ts';

export type OutboxQueue = ReturnType<typeof createOutboxQueue>;

/** A listed message with its state as of the listing's instant, and its next attempt while one is due. */
export type OutboxEntry = OutboxListRow & { state: OutboxState; nextAttemptAt: Date | null };

function entryOf(row: OutboxListRow, now: Date): OutboxEntry {
  const state = outboxState(row, now);
  return { ...row, state, nextAttemptAt: awaitsAttempt(state) ? row.next_attempt_at : null };
}

const forbidden = 'Only administrators see the outbox.';
/** Pages continue after the last message's id (newest first). */
const byId = cursorOf('id');

/** The outbox as admins watch it: what waits, what fails and why, and a retry after an outage. */
export function createOutboxQueue(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  transportKind: 'smtp' | 'mailbox';
}) {
  return {
    /** Admins list outgoing messages newest first, optionally in one state; bodies are never listed. */
    async list(ctx: Ctx, filter: { state?: OutboxState; cursor?: string; limit?: number }) {
      authorize(ctx.actor, canManageMail, forbidden);
      const limit = filter.limit ?? 50;
      const now = deps.clock.now();
      const after = byId.decode(filter.cursor);
      const rows = await mailRepo.listOutbox(deps.db.kysely, {
        now,
        limit: limit + 1,
        ...(filter.state ? { state: filter.state } : {}),
        ...(after ? { beforeId: after[0] } : {}),
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      return { ...page, items: page.items.map((r) => entryOf(r, now)) };
    },

    /** Admins read how many messages are in each state, where mail goes, and since when mail waits. */
    async summary(ctx: Ctx) {
      authorize(ctx.actor, canManageMail, forbidden);
      const counts = await mailRepo.outboxSummary(deps.db.kysely, deps.clock.now());
      return { ...counts, transport: deps.transportKind };
    },

    /**
     * Admins make a failed or failing message due now (after an outage, or once a refusal's cause is
     * fixed); audited. Anything else (queued, being sent, delivered) is refused and nothing changes.
     */
    async retry(ctx: Ctx, id: string): Promise<OutboxEntry> {
      authorize(ctx.actor, canManageMail, forbidden);
      const now = deps.clock.now();
      return deps.db.transaction(async (trx) => {
        const row = await mailRepo.lockOutbox(trx, id);
        if (!row) throw new AppError('NOT_FOUND', `Outgoing message ${id} not found.`);
        const state = outboxState(row, now);
        const refusal = retryRefusal(state);
        if (refusal) throw new AppError('INVALID_TRANSITION', `This message cannot be retried: ${refusal}.`, { state });
        await mailRepo.rescheduleNow(trx, id, now);
        await deps.audit.record(trx, ctx, {
          action: 'outbox.retried',
          entityType: 'outbox',
          entityId: id,
          before: {
            state,
            attempts: row.attempts,
            nextAttemptAt: row.next_attempt_at.toISOString(),
            lastError: row.last_error,
          },
          after: { state: 'failing', nextAttemptAt: now.toISOString() },
        });
        return entryOf((await mailRepo.getOutboxEntry(trx, id))!, now);
      });
    },

    /**
     * Admins make every failed (or every failing) message due now at once, e.g. after fixing SMTP_URL's
     * credentials; one audit event names them. Nothing in that state: nothing changes, nothing is audited.
     */
    async retryAll(ctx: Ctx, state: 'failed' | 'failing'): Promise<{ retried: number }> {
      authorize(ctx.actor, canManageMail, forbidden);
      const now = deps.clock.now();
      return deps.db.transaction(async (trx) => {
        const ids = await mailRepo.rescheduleAllNow(trx, state, now);
        if (ids.length > 0) {
          await deps.audit.record(trx, ctx, {
            action: 'outbox.retried_all',
            entityType: 'outbox',
            entityId: state,
            before: { state, count: ids.length, ids: ids.slice(0, 500) },
            after: { state: 'failing', nextAttemptAt: now.toISOString() },
          });
        }
        return { retried: ids.length };
      });
    },
  };
}
