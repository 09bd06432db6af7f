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
  function fields<J>(ctx: Ctx, e: AuditEntry, encode: (v: Record<string, unknown> | null) => J) {
    const a = ctx.actor;
    return {
      id: deps.ids.next('aud'),
      at: deps.clock.now(),
      actor_type: a.type,
      actor_id: a.type === 'user' ? a.userId : a.type === 'contact' ? a.contactId : null,
      actor_label: actorLabel(a),
      organization_id: e.organizationId ?? null,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: encode(e.before ?? null),
      after: encode(e.after ?? null),
      channel: ctx.channel,
      request_id: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
    };
  }
  const asJsonText = (v: Record<string, unknown> | null): string | null => (v === null ? null : JSON.stringify(v));
  const asValue = (v: Record<string, unknown> | null) => v;

  /** The event's row, for a repository that writes it inside a statement of its own (see ledgerRepo.appendIfHead). */
  function row(ctx: Ctx, e: AuditEntry): Insertable<AuditEventsTable> {
    return fields(ctx, e, asJsonText);
  }

  return {
    row,

    /**
     * The event's row for a statement that reads its rows from one JSON document (auditInsertFromJson):
     * `before` and `after` as objects inside it. JSON text there would be stored as a JSON string, which
     * the audit log cannot list (migration 0013 repaired the rows written so).
     */
    jsonRow(ctx: Ctx, e: AuditEntry): AuditJsonRow {
      return fields(ctx, e, asValue);
    },

    /** Writes one audit event on the caller's transaction, so it commits or rolls back with the change. */
    async record(trx: Executor, ctx: Ctx, e: AuditEntry): Promise<void> {
      await auditRepo.insert(trx, row(ctx, e));
    },

    /** Admins read the audit trail, newest first, filtered by entity, actor, action and time. */
    async list(
      ctx: Ctx,
      f: {
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
      const limit = f.limit ?? 50;
      const beforeSeq = bySeq.decode(f.cursor)?.[0];
      const rows = await auditRepo.list(deps.db.kysely, { ...f, beforeSeq, limit: limit + 1 });
      return toPage(rows, limit, bySeq, (r) => [Number(r.seq)]);
    },
  };
}
