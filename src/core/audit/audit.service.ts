import type { Insertable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { authorize, providerWith } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { auditRepo, type AuditJsonRow, type AuditRow } from './audit.repo.ts';
import type { AuditEventsTable } from './audit.tables.ts';

/** Pages of this list continue after the last item's sequence number. */
const bySeq = cursorOf('seq');

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** The tenant the entity belongs to, when it belongs to one. */
  organizationId?: string | null;
}

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService(deps: { db: { kysely: Executor }; clock: Clock; ids: IdGenerator }) {
  /** The event's fields, with `before` and `after` as `encode` gives them. */
  function fields<J>(ctx: Ctx, entry: AuditEntry, encode: (value: Record<string, unknown> | null) => J) {
    const actor = ctx.actor;
    return {
      id: deps.ids.next('aud'),
      at: deps.clock.now(),
      actor_type: actor.type,
      actor_id: actor.type === 'user' ? actor.userId : actor.type === 'contact' ? actor.contactId : null,
      actor_label: actorLabel(actor),
      organization_id: entry.organizationId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: encode(entry.before ?? null),
      after: encode(entry.after ?? null),
      channel: ctx.channel,
      request_id: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
    };
  }
  const asJsonText = (value: Record<string, unknown> | null): string | null =>
    value === null ? null : JSON.stringify(value);
  const asValue = (value: Record<string, unknown> | null) => value;

  /** The event's row, for a repository that writes it inside a statement of its own (see optimisticRepo.appendIfHead). */
  function row(ctx: Ctx, entry: AuditEntry): Insertable<AuditEventsTable> {
    return fields(ctx, entry, asJsonText);
  }

  return {
    row,

    /**
     * The event's row for a statement that reads its rows from one JSON document (auditInsertFromJson):
     * `before` and `after` as objects inside it. JSON text there would be stored as a JSON string, which
     * the audit log cannot list (migration 0013 repaired the rows written so).
     */
    jsonRow(ctx: Ctx, entry: AuditEntry): AuditJsonRow {
      return fields(ctx, entry, asValue);
    },

    /** Writes one audit event on the caller's transaction, so it commits or rolls back with the change. */
    async record(trx: Executor, ctx: Ctx, entry: AuditEntry): Promise<void> {
      await auditRepo.insert(trx, row(ctx, entry));
    },

    /** Admins read the audit trail, newest first, filtered by entity, actor, action and time. */
    async list(
      ctx: Ctx,
      filter: {
        entityType?: string;
        entityId?: string;
        actorId?: string;
        action?: string;
        from?: Date;
        to?: Date;
        cursor?: string;
        limit?: number;
      },
    ): Promise<Page<AuditRow>> {
      authorize(ctx.actor, providerWith('admin'), 'Only administrators read the audit log.');
      const limit = filter.limit ?? 50;
      const beforeSeq = bySeq.decode(filter.cursor)?.[0];
      const rows = await auditRepo.list(deps.db.kysely, { ...filter, beforeSeq, limit: limit + 1 });
      return toPage(rows, limit, bySeq, (auditRow) => [Number(auditRow.seq)]);
    },
  };
}
