import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FilesService } from '../files/files.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { StatementFirm } from './statements.pdf.ts';

/** What the statements feature is given by the composition root. */
export interface StatementsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  files: FilesService;
  publicUrl: string;
  /** The firm a statement comes from (letterhead, footer); the firm profile when it is configured. */
  firm: (ex: Executor) => Promise<StatementFirm>;
}
