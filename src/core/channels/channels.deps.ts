import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { RequestsService } from '../requests/requests.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What the customer's channels need: the ledger's figures, the requests service (emergency by email), the outbox. */
export interface ChannelsDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  ledger: LedgerService;
  requests: RequestsService;
  publicUrl: string;
  /** The firm's profile (its hotline is named in answers). */
  settings: SettingsService;
}
