import type { z } from 'zod';
import type { Executor } from '../../db/create-db.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { rateCardView } from '../../shared/rate-card.ts';
import { storedCard } from '../billing/billing.rules.ts';
import type { Engagement, EngagementClosingView, EngagementSummary } from '../../shared/contracts/engagements.ts';
import { quantity } from '../../shared/units.ts';
import { toleranceLimit } from '../effort/effort.rules.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo, type EngagementRecord, type TeamMemberRow } from './engagements.repo.ts';
import type { EngagementClosing } from './engagements.tables.ts';

export type EngagementView = z.output<typeof Engagement>;
export type EngagementSummaryView = z.output<typeof EngagementSummary>;

export const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The consumption an engagement has caused: effort consumed, plus the fixed price, its change orders and the true-up once closed. */
export const consumedOf = (engagement: Pick<EngagementRecord, 'effort_consumed' | 'closing'>): number =>
  engagement.effort_consumed +
  (engagement.closing?.fixedPrice ?? 0) +
  (engagement.closing?.changeOrders ?? []).reduce((sum, co) => sum + co.amount, 0) +
  (engagement.closing?.trueUp ?? 0);

/** What a close or cancel posted, in the contract's unit. */
export function toClosingView(
  closing: EngagementClosing,
  unit: EngagementRecord['unit'],
  by: string | null,
): z.output<typeof EngagementClosingView> {
  const inUnit = (n: number) => quantity(n, unit);
  return {
    operation: closing.operation,
    at: closing.at,
    by,
    fixedPrice: inUnit(closing.fixedPrice),
    changeOrders: (closing.changeOrders ?? []).map((co) => ({ number: co.number, amount: inUnit(co.amount) })),
    trueUp: inUnit(closing.trueUp),
    shortfall: inUnit(closing.shortfall),
    waived: closing.waived,
    writtenOff: inUnit(closing.writtenOff),
    writtenOffEntries: closing.writtenOffEntries,
    released: inUnit(closing.released),
    expired: inUnit(closing.expired),
    reason: closing.reason,
    ledgerEntryIds: closing.ledgerEntryIds,
  };
}

/** The list item of an engagement, with its team taken from `team` (rows of several engagements). */
export function summaryOf(
  engagement: Omit<EngagementRecord, 'organization_id' | 'contract_status' | 'units_per_hour' | 'settings'>,
  team: readonly TeamMemberRow[],
): EngagementSummaryView {
  const inUnit = (n: number) => quantity(n, engagement.unit);
  return {
    id: engagement.id,
    number: engagement.number,
    title: engagement.title,
    kind: engagement.kind,
    status: engagement.status,
    requestId: engagement.request_id,
    workOrderId: engagement.work_order_id,
    contractId: engagement.contract_id,
    contractNumber: engagement.contract_number,
    customerId: engagement.customer_id,
    customerName: engagement.customer_name,
    customerTimeZone: engagement.time_zone,
    pricingMode: engagement.pricing_mode,
    deliveryMode: engagement.delivery_mode,
    plannedStart: iso(engagement.planned_start),
    plannedEnd: iso(engagement.planned_end),
    estimate: inUnit(engagement.estimate),
    consumed: inUnit(consumedOf(engagement)),
    team: team
      .filter((member) => member.engagement_id === engagement.id)
      .map((member) => ({
        userId: member.user_id,
        name: member.name,
        email: member.email,
        role: member.role,
        addedAt: member.added_at.toISOString(),
      })),
    createdAt: engagement.created_at.toISOString(),
  };
}

/** The response view of an engagement record: estimate, reservation, consumption, team and closing. */
export async function toView(
  deps: Pick<EngagementsDeps, 'ledger'>,
  ex: Executor,
  engagement: EngagementRecord,
): Promise<EngagementView> {
  const inUnit = (n: number) => quantity(n, engagement.unit);
  const [team, reserved, cardSource] = await Promise.all([
    engagementsRepo.team(ex, [engagement.id]),
    deps.ledger.openReservation(ex, engagement.contract_id, engagement.id),
    engagementsRepo.rateCardSource(ex, engagement),
  ]);
  const settings = ContractSettings.parse(engagement.settings);
  const consumed = consumedOf(engagement);
  return {
    ...summaryOf(engagement, team),
    statusReason: engagement.status_reason,
    statusBeforeHold: engagement.status_before_hold,
    siteIds: engagement.site_ids,
    fixedPrice: engagement.fixed_price === null ? null : inUnit(engagement.fixed_price),
    minimumBillable: inUnit(engagement.minimum_billable),
    estimateLimit: inUnit(toleranceLimit(engagement.estimate, settings.estimateTolerancePercent)),
    reserved: inUnit(reserved),
    held: inUnit(engagement.effort_held),
    percentOfEstimate: engagement.estimate > 0 ? Math.round((consumed * 10_000) / engagement.estimate) / 100 : 0,
    revision: engagement.revision,
    scheduleSequence: engagement.schedule_sequence,
    updatedAt: engagement.updated_at.toISOString(),
    closedAt: iso(engagement.closed_at),
    closing: engagement.closing ? toClosingView(engagement.closing, engagement.unit, engagement.closed_by) : null,
    rateCard: rateCardView(cardSource, storedCard(engagement.rate_card)),
  };
}

/** The engagement as stored now (after a change in the same transaction, or after commit). */
export const reload = async (ex: Executor, id: string): Promise<EngagementRecord> =>
  (await engagementsRepo.record(ex, id))!;
