import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { closingPlan, type ClosingPlan } from '../effort/effort.rules.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { EngagementRecord } from './engagements.repo.ts';
import type { EngagementsService } from './engagements.service.ts';

/** What closing and cancelling work with. */
export interface ClosingDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  ledger: LedgerService;
  engagements: EngagementsService;
}

export type ClosingOperation = 'close' | 'cancel';

/** The status each operation ends in. */
export const closingTarget = { close: 'closed', cancel: 'cancelled' } as const;

/** The figures the operation would post on this engagement now (the minimum applies on cancel when the contract says so). */
export async function planFor(
  deps: Pick<ClosingDeps, 'ledger'>,
  ex: Executor,
  e: EngagementRecord,
  operation: ClosingOperation,
  waived: boolean,
): Promise<{ plan: ClosingPlan; open: number; minimumApplies: boolean }> {
  const settings = ContractSettings.parse(e.settings);
  const minimumApplies = operation === 'close' || settings.minimumAppliesOnCancel;
  const open = await deps.ledger.openReservation(ex, e.contract_id, e.id);
  const plan = closingPlan({
    operation,
    pricingMode: e.pricing_mode,
    fixedPrice: e.fixed_price,
    effortConsumed: e.effort_consumed,
    held: e.effort_held,
    minimumBillable: e.minimum_billable,
    minimumApplies,
    waived,
    openReservation: open,
  });
  return { plan, open, minimumApplies };
}
