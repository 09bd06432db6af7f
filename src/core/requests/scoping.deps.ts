import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { RequestsService } from './requests.service.ts';

/** What the scoping-call use cases need; wired in main/core.ts. */
export interface ScopingDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  requests: Pick<RequestsService, 'requestForUpdate' | 'transitionInTx' | 'recordMilestoneInTx'>;
  publicUrl: string;
}
