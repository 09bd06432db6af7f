import type { Executor } from '../../db/create-db.ts';
import type { AuditEventsTable } from './audit.tables.ts';
import type { Insertable, Selectable } from 'kysely';

export type AuditRow = Selectable<AuditEventsTable>;

export const auditRepo = {
  async insert(ex: Executor, row: Insertable<AuditEventsTable>): Promise<void> {
    await ex.insertInto('audit_events').values(row).execute();
  },

  async list(
    ex: Executor,
    f: { entityType?: string; entityId?: string; actorId?: string; from?: Date; to?: Date; action?: string; beforeSeq?: number; limit: number },
  ): Promise<AuditRow[]> {
    let q = ex.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(f.limit);
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
    return q.execute();
  },
};
