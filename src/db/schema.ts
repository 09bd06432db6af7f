import type { AccountsTables } from '../core/accounts/accounts.tables.ts';
import type { AuditTables } from '../core/audit/audit.tables.ts';
import type { EffortTables } from '../core/effort/effort.tables.ts';
import type { EngagementsTables } from '../core/engagements/engagements.tables.ts';
import type { InvoicingTables } from '../core/invoicing/invoicing.tables.ts';
import type { InboundTables } from '../core/inbound/inbound.tables.ts';
import type { CommerceTables } from '../core/commerce/commerce.tables.ts';
import type { CatalogTables } from '../core/catalog/catalog.tables.ts';
import type { ContractsTables } from '../core/contracts/contracts.tables.ts';
import type { CustomersTables } from '../core/customers/customers.tables.ts';
import type { DeliverablesTables } from '../core/deliverables/deliverables.tables.ts';
import type { ExpensesTables } from '../core/expenses/expenses.tables.ts';
import type { FilesTables } from '../core/files/files.tables.ts';
import type { LedgerTables } from '../core/ledger/ledger.tables.ts';
import type { MailTables } from '../core/mail/mail.tables.ts';
import type { RequestsTables } from '../core/requests/requests.tables.ts';
import type { StaffingTables } from '../core/staffing/staffing.tables.ts';
import type { SettingsTables } from '../core/settings/settings.tables.ts';
import type { StatementsTables } from '../core/statements/statements.tables.ts';
import type { WorkOrdersTables } from '../core/workorders/workorders.tables.ts';
import type { CalendarTables } from '../core/staffing/calendar.tables.ts';
import type { OncallTables } from '../core/staffing/oncall.tables.ts';
import type { WebhooksTables } from '../core/webhooks/webhooks.tables.ts';
import type { TopUpsTables } from '../core/topups/topups.tables.ts';
import type { SsoTables } from '../core/sso/sso.tables.ts';

/** The database as Kysely sees it: each feature declares its own tables in `<feature>.tables.ts`. */
export interface DB
  extends
    AccountsTables,
    AuditTables,
    MailTables,
    SettingsTables,
    CustomersTables,
    ContractsTables,
    LedgerTables,
    CatalogTables,
    RequestsTables,
    InboundTables,
    EngagementsTables,
    EffortTables,
    WorkOrdersTables,
    FilesTables,
    ExpensesTables,
    DeliverablesTables,
    StatementsTables,
    StaffingTables,
    OncallTables,
    CalendarTables,
    WebhooksTables,
    CommerceTables,
    TopUpsTables,
    InvoicingTables,
    SsoTables {}
