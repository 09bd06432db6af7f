import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';

/** What the on-call use cases work with. */
export interface OncallDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
}
