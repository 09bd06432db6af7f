import type { z } from 'zod';
import type { Executor } from '../../db/create-db.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { Engagement, EngagementClosingView, EngagementSummary } from '../../shared/contracts/engagements.ts';
import { quantity } from '../../shared/units.ts';
import { toleranceLimit } from '../effort/effort.rules.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo, type EngagementRecord, type TeamMemberRow } from './engagements.repo.ts';
import type { EngagementClosing } from './engagements.tables.ts';

export type EngagementView = z.output<typeof Engagement>;
export type EngagementSummaryView = z.output<typeof EngagementSummary>;

export const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The consumption an engagement has caused: effort consumed, plus the fixed price and the true-up once closed. */
export const consumedOf = (e: Pick<EngagementRecord, 'effort_consumed' | 'closing'>): number =>
  e.effort_consumed + (e.closing?.fixedPrice ?? 0) + (e.closing?.trueUp ?? 0);

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
  e: Omit<EngagementRecord, 'organization_id' | 'time_zone' | 'contract_status' | 'units_per_hour' | 'settings'>,
  team: readonly TeamMemberRow[],
): EngagementSummaryView {
  const inUnit = (n: number) => quantity(n, e.unit);
  return {
    id: e.id,
    number: e.number,
    title: e.title,
    kind: e.kind,
    status: e.status,
    requestId: e.request_id,
    workOrderId: e.work_order_id,
    contractId: e.contract_id,
    contractNumber: e.contract_number,
    customerId: e.customer_id,
    customerName: e.customer_name,
    pricingMode: e.pricing_mode,
    deliveryMode: e.delivery_mode,
    plannedStart: iso(e.planned_start),
    plannedEnd: iso(e.planned_end),
    estimate: inUnit(e.estimate),
    consumed: inUnit(consumedOf(e)),
    team: team
      .filter((member) => member.engagement_id === e.id)
      .map((member) => ({
        userId: member.user_id,
        name: member.name,
        email: member.email,
        role: member.role,
        addedAt: member.added_at.toISOString(),
      })),
    createdAt: e.created_at.toISOString(),
  };
}

/** The response view of an engagement record: estimate, reservation, consumption, team and closing. */
export async function toView(
  deps: Pick<EngagementsDeps, 'ledger'>,
  ex: Executor,
  e: EngagementRecord,
): Promise<EngagementView> {
  const inUnit = (n: number) => quantity(n, e.unit);
  const [team, reserved] = await Promise.all([
    engagementsRepo.team(ex, [e.id]),
    deps.ledger.openReservation(ex, e.contract_id, e.id),
  ]);
  const settings = ContractSettings.parse(e.settings);
  const consumed = consumedOf(e);
  return {
    ...summaryOf(e, team),
    statusReason: e.status_reason,
    statusBeforeHold: e.status_before_hold,
    siteIds: e.site_ids,
    fixedPrice: e.fixed_price === null ? null : inUnit(e.fixed_price),
    minimumBillable: inUnit(e.minimum_billable),
    estimateLimit: inUnit(toleranceLimit(e.estimate, settings.estimateTolerancePercent)),
    reserved: inUnit(reserved),
    held: inUnit(e.effort_held),
    percentOfEstimate: e.estimate > 0 ? Math.round((consumed * 10_000) / e.estimate) / 100 : 0,
    revision: e.revision,
    scheduleSequence: e.schedule_sequence,
    updatedAt: e.updated_at.toISOString(),
    closedAt: iso(e.closed_at),
    closing: e.closing ? toClosingView(e.closing, e.unit, e.closed_by) : null,
  };
}

/** The engagement as stored now (after a change in the same transaction, or after commit). */
export const reload = async (ex: Executor, id: string): Promise<EngagementRecord> =>
  (await engagementsRepo.record(ex, id))!;
