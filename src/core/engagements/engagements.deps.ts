import type { RequestEventsPort } from '../requests/requests.service.ts';
import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { InvitePerson } from '../calendar/invite.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';

/** What the engagement use cases work with. */
export interface EngagementsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  ledger: LedgerService;
  customers: CustomersService;
  publicUrl: string;
  /** Starting remote or hybrid work records the request's "remote work started" milestone. */
  requests: RequestEventsPort;
  /** The organiser of schedule invitations (the firm's sending address). */
  organizer: InvitePerson;
}
