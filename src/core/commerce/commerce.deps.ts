import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';

export interface CommerceDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
}
