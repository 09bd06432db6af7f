import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BalanceCache } from '../ledger/balance-cache.ts';
import type { Outbox } from '../mail/outbox.service.ts';

export interface CustomersDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  accounts: AccountsService;
  /** Cached balances hold the customer's name and time zone. */
  balances: Pick<BalanceCache, 'forgetCustomer'>;
}
