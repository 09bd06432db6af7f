import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { FilesService } from '../files/files.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What the expense (and deliverable) use cases work with: files, customers, audit and outbox. */
export interface ExpensesDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  files: FilesService;
  customers: CustomersService;
  /** The firm's default currency, for an expense whose contract has no commercial terms. */
  settings: Pick<SettingsService, 'firmSettings'>;
  publicUrl: string;
}
