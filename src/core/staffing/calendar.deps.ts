import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { InvitePerson } from '../calendar/invite.ts';
import type { Outbox } from '../mail/outbox.service.ts';

/** What the calendar use cases (invites, feeds) work with. */
export interface CalendarDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  /** The organiser of booking invites (the firm's sending address, which takes no replies). */
  organizer: InvitePerson;
}
