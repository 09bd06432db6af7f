import type { RequestEventsPort } from '../requests/requests.service.ts';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { storedCard } from '../billing/billing.rules.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { closingPlan, type ClosingPlan } from '../../shared/closing.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { closingRepo } from './closing.repo.ts';
import type { EngagementRecord } from './engagements.repo.ts';
import type { EngagementsService } from './engagements.service.ts';

/** What closing and cancelling work with. */
export interface ClosingDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  ledger: LedgerService;
  engagements: EngagementsService;
  /** The closing summary to the customer's contacts is written in the closing transaction. */
  outbox: Outbox;
  publicUrl: string;
  /** Closing or cancelling closes the engagement's request (same transaction). */
  requests: RequestEventsPort;
}

export type ClosingOperation = 'close' | 'cancel';

/** The status each operation ends in. */
export const closingTarget = { close: 'closed', cancel: 'cancelled' } as const;

/**
 * The figures the operation would post on this engagement now (the minimum applies on cancel when the
 * engagement's rate card says so; a fixed-price close draws its approved change orders' deltas too).
 */
export async function planFor(
  deps: Pick<ClosingDeps, 'ledger'>,
  ex: Executor,
  engagement: EngagementRecord,
  operation: ClosingOperation,
  waived: boolean,
): Promise<{ plan: ClosingPlan; open: number; minimumApplies: boolean }> {
  // Whether the minimum applies on cancel is a term of the approved work: the engagement's frozen card
  // (issue 17), not the contract's settings today.
  const card = storedCard(engagement.rate_card);
  const minimumApplies = operation === 'close' || card.settings.minimumAppliesOnCancel;
  const open = await deps.ledger.openReservation(ex, engagement.contract_id, engagement.id);
  const fixedClose = operation === 'close' && engagement.pricing_mode === 'fixed';
  const changeOrders = fixedClose ? await closingRepo.approvedChangeOrders(ex, engagement.id) : [];
  const plan = closingPlan({
    operation,
    pricingMode: engagement.pricing_mode,
    fixedPrice: engagement.fixed_price,
    effortConsumed: engagement.effort_consumed,
    held: engagement.effort_held,
    minimumBillable: engagement.minimum_billable,
    minimumApplies,
    waived,
    openReservation: open,
    changeOrders,
  });
  return { plan, open, minimumApplies };
}
