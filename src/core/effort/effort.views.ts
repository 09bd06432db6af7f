import type { z } from 'zod';
import type { Executor } from '../../db/create-db.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { EffortTotals } from '../../shared/contracts/effort.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import type { EngagementRecord } from '../engagements/engagements.repo.ts';
import type { EffortEntryView } from './effort.deps.ts';
import { effortRepo, type EffortRow, type EffortWithNames } from './effort.repo.ts';

/** An effort entry as the API shows it, in the contract's unit. */
export function toEffortView(row: EffortWithNames, unit: ContractUnit): EffortEntryView {
  return {
    id: row.id,
    engagementId: row.engagement_id,
    engagementNumber: row.engagement_number,
    userId: row.user_id,
    userName: row.user_name,
    date: row.work_date,
    minutes: row.minutes,
    roundedMinutes: row.rounded_minutes,
    weightedMinutes: row.weighted_minutes,
    activity: row.activity,
    afterHours: row.after_hours,
    billable: row.billable,
    billingStatus: row.billing_status,
    units: quantity(row.amount, unit),
    unitsDrawn: quantity(row.billing_status === 'consumed' && row.status === 'active' ? row.amount : 0, unit),
    note: row.note,
    status: row.status,
    ledgerEntryId: row.ledger_entry_id,
    reversalEntryId: row.reversal_entry_id,
    replacesId: row.replaces_id,
    replacedById: row.replaced_by_id,
    correctionReason: row.correction_reason,
    postedAt: row.posted_at ? row.posted_at.toISOString() : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** The stored entry `id` as the API shows it. */
export async function viewOf(ex: Executor, id: string, unit: ContractUnit): Promise<EffortEntryView> {
  return toEffortView((await effortRepo.byId(ex, id))!, unit);
}

/** The engagement's contract settings (tolerance, billable travel, customer detail). */
export const settingsOf = (engagement: EngagementRecord) => ContractSettings.parse(engagement.settings);

/** The audit event of logged effort (both paths write the same). */
export const loggedAudit = (engagement: EngagementRecord, row: EffortRow): AuditEntry => ({
  action: 'effort.logged',
  entityType: 'engagement',
  entityId: engagement.id,
  organizationId: engagement.organization_id,
  after: {
    entryId: row.id,
    userId: row.user_id,
    date: row.work_date,
    minutes: row.minutes,
    activity: row.activity,
    afterHours: row.after_hours,
    amount: row.amount,
    billingStatus: row.billing_status,
    ledgerEntryId: row.ledger_entry_id,
  },
});

/** Totals of an engagement's active effort: by billing status and by activity. */
export async function totalsOf(ex: Executor, engagement: EngagementRecord): Promise<z.output<typeof EffortTotals>> {
  const rows = await effortRepo.totals(ex, engagement.id);
  const asQuantity = (n: number) => quantity(n, engagement.unit);
  const sum = (f: (r: (typeof rows)[number]) => number, pred: (r: (typeof rows)[number]) => boolean = () => true) =>
    rows.filter(pred).reduce((s, r) => s + f(r), 0);
  const activities = [...new Set(rows.map((r) => r.activity))];
  return {
    entries: sum((r) => r.entries),
    minutes: sum((r) => r.rounded_minutes),
    billableMinutes: sum(
      (r) => r.rounded_minutes,
      (r) => r.billing_status !== 'non_billable',
    ),
    consumed: asQuantity(
      sum(
        (r) => r.amount,
        (r) => r.billing_status === 'consumed',
      ),
    ),
    held: asQuantity(
      sum(
        (r) => r.amount,
        (r) => r.billing_status === 'held',
      ),
    ),
    writtenOff: asQuantity(
      sum(
        (r) => r.amount,
        (r) => r.billing_status === 'written_off',
      ),
    ),
    fixedPrice: sum(
      (r) => r.rounded_minutes,
      (r) => r.billing_status === 'fixed_price',
    ),
    nonBillableMinutes: sum(
      (r) => r.rounded_minutes,
      (r) => r.billing_status === 'non_billable',
    ),
    byActivity: activities.map((activity) => ({
      activity,
      entries: sum(
        (r) => r.entries,
        (r) => r.activity === activity,
      ),
      minutes: sum(
        (r) => r.rounded_minutes,
        (r) => r.activity === activity,
      ),
      units: asQuantity(
        sum(
          (r) => r.amount,
          (r) => r.activity === activity && r.billing_status === 'consumed',
        ),
      ),
    })),
  };
}
