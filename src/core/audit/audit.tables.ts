import type { Generated, Json, Timestamp } from '../../db/types.ts';

export type ActorType = 'user' | 'contact' | 'system';

export interface AuditEventsTable {
  id: string;
  seq: Generated<number>;
  at: Timestamp;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string;
  organization_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<Record<string, unknown> | null>;
  after: Json<Record<string, unknown> | null>;
  channel: string;
  request_id: string | null;
  ip: string | null;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
