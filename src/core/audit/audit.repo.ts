import type { Executor } from '../../db/create-db.ts';
import { columnsOf, insertFrom, insertFromJson } from '../../db/statement.ts';
import type { AuditEventsTable } from './audit.tables.ts';
import type { Insertable, Selectable } from 'kysely';

export type AuditRow = Selectable<AuditEventsTable>;

/** `seq` is the database's own (bigserial). */
const AUDIT_COLUMNS = columnsOf<Omit<AuditEventsTable, 'seq'>>({
  id: true,
  at: true,
  actor_type: true,
  actor_id: true,
  actor_label: true,
  organization_id: true,
  action: true,
  entity_type: true,
  entity_id: true,
  before: true,
  after: true,
  channel: true,
  request_id: true,
  ip: true,
});

/** For a hot statement built once (namedStatement): its audit event, written once per row of `source`. */
export const auditInsertFrom = (p: (name: string) => string, source: string): string =>
  insertFrom(p, 'audit_events', AUDIT_COLUMNS, 'audit', source);
/**
 * An audit row inside a JSON document (auditInsertFromJson): `before` and `after` are objects there, not
 * JSON text, or jsonb_populate_record would store them as JSON strings.
 */
export type AuditJsonRow = Omit<Insertable<AuditEventsTable>, 'before' | 'after'> & {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
/** For a hot statement of many rows: the audit event (an AuditJsonRow) in JSON column `column` of each row of `source`. */
export const auditInsertFromJson = (source: string, column: string): string =>
  insertFromJson('audit_events', AUDIT_COLUMNS, source, column);
/** auditInsertFrom's values. */
export const auditValues = (row: Insertable<AuditEventsTable>) => ({ audit: row });

export const auditRepo = {
  async insert(ex: Executor, row: Insertable<AuditEventsTable>): Promise<void> {
    await ex.insertInto('audit_events').values(row).execute();
  },

  async list(
    ex: Executor,
    f: {
      entityType?: string;
      entityId?: string;
      actorId?: string;
      from?: Date;
      to?: Date;
      action?: string;
      beforeSeq?: number;
      limit: number;
    },
  ): Promise<AuditRow[]> {
    let query = ex.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(f.limit);
    if (f.entityType) query = query.where('entity_type', '=', f.entityType);
    if (f.entityId) query = query.where('entity_id', '=', f.entityId);
    if (f.actorId) query = query.where('actor_id', '=', f.actorId);
    if (f.action) query = query.where('action', '=', f.action);
    if (f.from) query = query.where('at', '>=', f.from);
    if (f.to) query = query.where('at', '<', f.to);
    if (f.beforeSeq !== undefined) query = query.where('seq', '<', f.beforeSeq);
    return query.execute();
  },
};
