import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { DeliveryMode, PricingMode } from '../../shared/contracts/workorders.ts';
import type { RequestKind } from '../../shared/domain.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { RateCard } from '../../shared/rate-card.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ContractRateCard } from '../billing/billing.rules.ts';
import type { Ctx } from '../context.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { RequestsService } from '../requests/requests.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What approvals need of the engagements feature (core.services.engagements). */
export interface EngagementsPort {
  createFromApprovalInTx(
    trx: Executor,
    ctx: Ctx,
    input: {
      customerId: string;
      contractId: string;
      requestId: string;
      workOrderId: string;
      title: string;
      kind: RequestKind;
      deliveryMode: DeliveryMode;
      siteIds: string[];
      pricingMode: PricingMode;
      estimate: number;
      fixedPrice: number | null;
      minimumBillable: number;
      plannedStart: string | Date | null;
      plannedEnd: string | Date | null;
      team: { userId: string; role: string }[];
      rateCard?: RateCard;
    },
  ): Promise<{ id: string; number: string }>;
  adjustEstimateInTx(
    trx: Executor,
    ctx: Ctx,
    engagementId: string,
    delta: number,
    options?: { reason?: string; rateCard?: { card: RateCard; changeOrderId: string } },
  ): Promise<{ applied: number }>;
}

/** What change orders need of the effort feature (core.services.effort). */
export interface EffortPort {
  postHeldEffortInTx(trx: Executor, ctx: Ctx, engagementId: string): Promise<unknown>;
}

/** Everything the work-order feature's use cases depend on, wired once in main/core.ts. */
export interface WorkOrdersDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  /** MAIL_IN_DOMAIN: reply-to addresses `ewo+TOKEN@domain` exist only when inbound mail is on. */
  inboundDomain: string | undefined;
  requests: Pick<RequestsService, 'transitionInTx' | 'requestForUpdate'>;
  settings: Pick<SettingsService, 'firmSettings' | 'firmProfile' | 'firmLogo'>;
  ledger: Pick<LedgerService, 'totals' | 'reserve' | 'adjustReservation' | 'openReservation'>;
  customers: Pick<CustomersService, 'approvingContacts' | 'accountTeam' | 'contactRecord'>;
  /** Approving an EWO creates its engagement; approving a change order adjusts its estimate. */
  engagements: EngagementsPort;
  /** Approving a change order posts the effort held over the old estimate (required: never skipped). */
  effort: EffortPort;
}

/** The rate card of a contract row (unit, units per hour, settings) for billing.rules conversions. */
export function cardOf(contract: {
  unit: ContractUnit;
  units_per_hour: string | null;
  settings: unknown;
}): ContractRateCard & { settings: ContractSettings } {
  return {
    unit: contract.unit,
    unitsPerHour: contract.units_per_hour,
    settings: ContractSettings.parse(contract.settings),
  };
}
