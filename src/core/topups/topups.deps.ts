import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Ctx } from '../context.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';

/** What a signed approval link grants: its contact may ask for a top-up of that subject's contract, nothing else. */
export interface LinkGrant {
  ctx: Ctx;
  contactId: string;
  contractId: string;
  source: { type: 'work_order' | 'change_order'; id: string };
}

/** The event a new request emits (the `topup.requested` webhook, once signed webhooks exist). */
export interface TopUpRequestedEvent {
  requestId: string;
  contractId: string;
  contractNumber: string;
  customerId: string;
  amount: number;
  unit: string;
  purchaseOrder: string;
  /** The catalog package asked for, with its price (minor units) at the time of the request. */
  package: { id: string; name: string; priceMinor: number; currency: string } | null;
  requestedAt: string;
}

export interface TopUpsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  ledger: Pick<LedgerService, 'postTopUp'>;
  customers: Pick<CustomersService, 'contactRecord' | 'accountTeam' | 'statementContacts'>;
  /** Resolves a signed approval link to what it grants (approvals.topUpGrant); TOKEN_INVALID otherwise. */
  linkGrant: (base: Ctx, token: string) => Promise<LinkGrant>;
  /**
   * Called in the request's transaction when a request is made. INTEGRATOR: wire the webhooks feature's
   * enqueue of `topup.requested` here (main/core.ts, `wireTopUps`); it is a no-op until then.
   */
  onRequested?: (trx: Executor, event: TopUpRequestedEvent) => Promise<void>;
}
