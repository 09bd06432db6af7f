import type { Config } from '../config/config.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import type { Db } from '../db/create-db.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { AccountsService } from './accounts/accounts.service.ts';
import type { AuditService } from './audit/audit.service.ts';
import type { BackupService } from './backup/backup.service.ts';
import type { CatalogService } from './catalog/catalog.service.ts';
import type { CommerceService } from './commerce/commerce.service.ts';
import type { ContractsService } from './contracts/contracts.service.ts';
import type { CustomersService } from './customers/customers.service.ts';
import type { DeliverablesService } from './deliverables/deliverables.service.ts';
import type { EffortService } from './effort/effort.service.ts';
import type { ClosingService } from './engagements/closing.service.ts';
import type { EngagementsService } from './engagements/engagements.service.ts';
import type { ExpensesService } from './expenses/expenses.service.ts';
import type { FilesService } from './files/files.service.ts';
import type { InboundService } from './inbound/inbound.service.ts';
import type { BalanceCache } from './ledger/balance-cache.ts';
import type { InvoicingService } from './invoicing/invoicing.service.ts';
import type { LedgerService } from './ledger/ledger.service.ts';
import type { MailDelivery } from './mail/delivery.service.ts';
import type { MailboxService } from './mail/mailbox.service.ts';
import type { OutboxQueue } from './mail/outbox-queue.service.ts';
import type { Outbox } from './mail/outbox.service.ts';
import type { MailTransport } from './mail/transport.ts';
import type { OpsService } from './ops/ops.service.ts';
import type { RequestsService } from './requests/requests.service.ts';
import type { ScopingService } from './requests/scoping.service.ts';
import type { SlaService } from './requests/sla.service.ts';
import type { SettingsService } from './settings/settings.service.ts';
import type { StatementsService } from './statements/statements.service.ts';
import type { ApprovalsService } from './workorders/approvals.service.ts';
import type { ChangeOrdersService } from './workorders/change-orders.service.ts';
import type { WorkOrdersService } from './workorders/workorders.service.ts';
import type { ChannelsService } from './channels/channels.service.ts';
import type { CalendarService } from './staffing/calendar.service.ts';
import type { StaffingService } from './staffing/staffing.service.ts';
import type { OncallService } from './staffing/oncall.service.ts';
import type { SuggestService } from './staffing/suggest.ts';
import type { WebhooksService } from './webhooks/webhooks.service.ts';
import type { TopUpsService } from './topups/topups.service.ts';
import type { SsoService } from './sso/sso.service.ts';
import type { HomeService } from './home/home.service.ts';

/** Every service of the domain, by name: what routes, commands and jobs call (`core.services.customers.…`). */
export interface CoreServices {
  audit: AuditService;
  outbox: Outbox;
  outboxQueue: OutboxQueue;
  accounts: AccountsService;
  mailbox: MailboxService;
  delivery: MailDelivery;
  inbound: InboundService;
  customers: CustomersService;
  ledger: LedgerService;
  contracts: ContractsService;
  commerce: CommerceService;
  settings: SettingsService;
  catalog: CatalogService;
  requests: RequestsService;
  scoping: ScopingService;
  sla: SlaService;
  engagements: EngagementsService;
  effort: EffortService;
  closing: ClosingService;
  files: FilesService;
  expenses: ExpensesService;
  deliverables: DeliverablesService;
  workOrders: WorkOrdersService;
  changeOrders: ChangeOrdersService;
  approvals: ApprovalsService;
  statements: StatementsService;
  invoicing: InvoicingService;
  channels: ChannelsService;
  backup: BackupService;
  ops: OpsService;
  calendar: CalendarService;
  staffing: StaffingService;
  oncall: OncallService;
  staffingSuggest: SuggestService;
  webhooks: WebhooksService;
  topUps: TopUpsService;
  /** The home pages by role, composed from the other services. */
  home: HomeService;
  /** Single sign-on for staff, when the server is set up for it (OIDC_ISSUER …); else undefined. */
  sso: SsoService | undefined;
}

/** What /readyz reports: the database answers and every migration is applied. */
export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
}

/**
 * The wired domain as the adapters (server, jobs, CLI, demo loaders) see it. The composition root
 * (src/main/core.ts `createCore`) builds it; adapters import this type, never the root.
 */
export interface Core {
  version: string;
  config: Config;
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  transport: MailTransport;
  changes: ChangeFeed;
  balances: BalanceCache;
  services: CoreServices;
  /** Ready when the database answers and every migration is applied. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}
