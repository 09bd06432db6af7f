import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { EndedListener } from './transition-request.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What the service-request use cases need; wired in main/core.ts. */
export interface RequestsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  settings: SettingsService;
  publicUrl: string;
  /** Called in the transaction that withdraws or rejects a request; filled by the requests service. */
  endedListeners?: EndedListener[];
}
