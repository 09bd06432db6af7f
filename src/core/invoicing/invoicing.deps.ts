import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { StatementFirm } from '../statements/statements.pdf.ts';

/** What the invoicing feature (billing runs) is given by the composition root. */
export interface InvoicingDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  /** The server's public address: receipts are linked from the export. */
  publicUrl: string;
  /** The firm a billing summary comes from (letterhead, footer). */
  firm: (ex: Executor) => Promise<StatementFirm>;
}
