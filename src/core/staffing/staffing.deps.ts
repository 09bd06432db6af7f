import type { RequestEventsPort } from '../requests/requests.service.ts';
import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { InvitePerson } from '../calendar/invite.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';

/** What the staffing use cases work with. */
export interface StaffingDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  customers: CustomersService;
  /** The engagement view (location change answers with it). */
  ledger: LedgerService;
  publicUrl: string;
  /** An on-site check-in records the request's "on-site arrival" milestone. */
  requests: RequestEventsPort;
  /** The organiser of booking invites (the firm's sending address); default: IMR Desk at the public host. */
  organizer?: InvitePerson;
}
