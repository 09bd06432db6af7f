/** Pure rules of EWOs and change orders: deadlines, converted estimates and reservations, balance impact, what a draft lacks before sending, lead time. */
import { DateTime } from 'luxon';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { FirmSettings } from '../../shared/contracts/settings.ts';
import type { DeltaLineInput, EstimateLineInput, WorkOrderContent } from '../../shared/contracts/workorders.ts';
import type { Activity, RequestKind } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import { formatAmount, ledgerUnitOf, quantity, type ContractUnit, type Quantity } from '../../shared/units.ts';
import { isBillableActivity } from '../../shared/billing.ts';
import { convertEffort, reservationAmount, type ContractRateCard } from '../billing/billing.rules.ts';
import { overdraftCheck, type LedgerTotals } from '../ledger/ledger.rules.ts';

// ── Deadlines and dates ────────────────────────────────────────────────────────────────────────

/** The default approval deadline (domain rule 9): 48 hours after sending for emergencies, 14 days for proactive work. */
export function defaultDeadline(
  kind: RequestKind,
  sentAt: Date,
  firm: Pick<FirmSettings, 'emergencyApprovalDeadlineHours' | 'proactiveApprovalDeadlineDays'>,
): Date {
  const ms =
    kind === 'emergency'
      ? firm.emergencyApprovalDeadlineHours * 3_600_000
      : firm.proactiveApprovalDeadlineDays * 86_400_000;
  return new Date(sentAt.getTime() + ms);
}

/** The default deadline in words ("48 hours after sending"). */
export function defaultDeadlineRule(
  kind: RequestKind,
  firm: Pick<FirmSettings, 'emergencyApprovalDeadlineHours' | 'proactiveApprovalDeadlineDays'>,
): string {
  return kind === 'emergency'
    ? `${firm.emergencyApprovalDeadlineHours} hours after sending`
    : `${firm.proactiveApprovalDeadlineDays} days after sending`;
}

/** The calendar date of a date-or-instant in a time zone (a date stays as it is). */
export function localDateOf(v: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return DateTime.fromISO(v, { setZone: true }).setZone(timeZone).toISODate()!;
}

/** A date-or-instant as a comparable instant: a date is its start of day in the zone. */
export const instantOf = (v: string, timeZone: string): number =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? DateTime.fromISO(v, { zone: timeZone }).toMillis() : Date.parse(v);

/**
 * Deliverables due before the work starts (the proposed start's calendar day in the customer's zone): a due
 * date is never before the start. As field errors (empty: none, or no start proposed yet).
 */
export function dueDateProblems(
  c: Pick<WorkOrderContent, 'deliverables' | 'proposedStart'>,
  timeZone: string,
): { path: string; message: string }[] {
  if (!c.proposedStart) return [];
  const start = localDateOf(c.proposedStart, timeZone);
  return c.deliverables.flatMap((deliverable, n) =>
    deliverable.dueDate && deliverable.dueDate < start
      ? [{ path: `deliverables.${n}.dueDate`, message: `must be on or after the start, ${start}` }]
      : [],
  );
}

// ── Estimates and reservations ────────────────────────────────────────────────────────────────

export interface EstimateResult {
  lines: { activity: Activity; role: string; minutes: number; amount: number }[];
  total: number;
}

/** Each effort line converted by the contract's rate card like logged effort (non-billable lines count 0), and the total. */
export function estimateOf(lines: readonly EstimateLineInput[], card: ContractRateCard): EstimateResult {
  const out = lines.map((l) => ({
    ...l,
    amount: isBillableActivity(l.activity, card.settings)
      ? convertEffort(l.minutes, l.activity, false, card).amount
      : 0,
  }));
  return { lines: out, total: out.reduce((s, l) => s + l.amount, 0) };
}

/** A change order's delta: each line converted by its magnitude, with its sign (negative minutes reduce). */
export function deltaOf(lines: readonly DeltaLineInput[], card: ContractRateCard): EstimateResult {
  const out = lines.map((l) => {
    const magnitude = isBillableActivity(l.activity, card.settings)
      ? convertEffort(Math.abs(l.minutes), l.activity, false, card).amount
      : 0;
    return { ...l, amount: l.minutes < 0 ? -magnitude : magnitude };
  });
  return { lines: out, total: out.reduce((s, l) => s + l.amount, 0) };
}

/** What approving the content reserves (billing.rules reservationAmount: fixed price, or max(estimate, minimum)). */
export function reservationOf(
  c: Pick<WorkOrderContent, 'pricingMode' | 'fixedPrice' | 'minimumBillable' | 'estimateLines'>,
  card: ContractRateCard,
): number {
  return reservationAmount({
    pricingMode: c.pricingMode,
    estimate: estimateOf(c.estimateLines, card).total,
    fixedPrice: c.fixedPrice,
    minimumBillable: c.minimumBillable,
  });
}

/** A change order may not take the estimate below what the engagement consumed already. */
export function changeProblem(change: {
  estimate: number;
  delta: number;
  consumed: number;
  unit: ContractUnit;
}): string | null {
  if (change.delta === 0) return 'The change converts to zero units: add or remove billable effort.';
  if (change.estimate + change.delta < change.consumed) {
    const lowest = change.consumed - change.estimate;
    return `The estimate cannot drop below what was consumed (${formatAmount(change.consumed, ledgerUnitOf(change.unit))}): reduce it by at most ${formatAmount(-lowest, ledgerUnitOf(change.unit))}.`;
  }
  return null;
}

export interface BalanceImpactView {
  availableBefore: Quantity;
  change: Quantity;
  availableAfter: Quantity;
  refused: boolean;
  shortfall: Quantity | null;
  overdraftPolicy: string;
}

/** What reserving `change` (negative: releasing) does to available, and whether the overdraft policy refuses it. */
export function balanceImpact(
  totals: LedgerTotals & { available: number },
  change: number,
  policy: ContractSettings['overdraftPolicy'],
  unit: ContractUnit,
): BalanceImpactView {
  const after = { ...totals, reserved: Math.max(0, totals.reserved + change) };
  const check = overdraftCheck(totals, after, policy);
  const asQuantity = (n: number) => quantity(n, unit);
  const availableAfter = totals.available - (after.reserved - totals.reserved);
  return {
    availableBefore: asQuantity(totals.available),
    change: asQuantity(change),
    availableAfter: asQuantity(availableAfter),
    refused: !check.ok,
    shortfall: check.ok ? null : asQuantity(check.shortfall),
    overdraftPolicy:
      policy.mode === 'allow_up_to'
        ? `allow up to ${formatAmount(policy.limit, ledgerUnitOf(unit))} overdraft`
        : policy.mode === 'allow'
          ? 'allow overage (flagged)'
          : 'block: no overdraft',
  };
}

// ── Sending ───────────────────────────────────────────────────────────────────────────────────

/** What a draft lacks before it can be sent, as API field errors (empty: complete). */
export function sendProblems(
  c: WorkOrderContent,
  o: { timeZone: string; validSiteIds: string[]; now: Date },
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!c.scope.trim()) problems.push({ path: 'scope', message: 'describe the scope' });
  if (c.pricingMode === 'time_and_materials' && !c.estimateLines.some((l) => l.minutes > 0))
    problems.push({ path: 'estimateLines', message: 'add at least one line of estimated effort' });
  if (c.pricingMode === 'fixed' && (c.fixedPrice === null || c.fixedPrice <= 0))
    problems.push({ path: 'fixedPrice', message: 'fixed pricing needs a price' });
  if (!c.proposedStart) problems.push({ path: 'proposedStart', message: 'propose a start' });
  if (!c.proposedEnd) problems.push({ path: 'proposedEnd', message: 'propose an end' });
  if (c.proposedStart && c.proposedEnd && instantOf(c.proposedEnd, o.timeZone) < instantOf(c.proposedStart, o.timeZone))
    problems.push({ path: 'proposedEnd', message: 'must not be before the start' });
  problems.push(...dueDateProblems(c, o.timeZone));
  if (c.deliveryMode !== 'remote' && c.siteIds.length === 0)
    problems.push({ path: 'siteIds', message: `${c.deliveryMode} work needs at least one site` });
  c.siteIds.forEach((s, n) => {
    if (!o.validSiteIds.includes(s)) problems.push({ path: `siteIds.${n}`, message: 'is not a site of this customer' });
  });
  if (c.approvalDeadline && Date.parse(c.approvalDeadline) <= o.now.getTime())
    problems.push({ path: 'approvalDeadline', message: 'must be in the future' });
  return problems;
}

/** Proactive dates respect the lead time stored on the request (domain rule 9): the same rule and error as requests. */
export function assertLeadTime(
  c: Pick<WorkOrderContent, 'proposedStart'>,
  r: { kind: RequestKind; earliestStart: string | null; leadTimeDays: number | null; receivedAt: Date },
  timeZone: string,
): void {
  if (r.kind !== 'proactive' || !r.earliestStart || !c.proposedStart) return;
  const start = localDateOf(c.proposedStart, timeZone);
  if (start >= r.earliestStart) return;
  throw new AppError(
    'LEAD_TIME_TOO_SHORT',
    `The earliest allowed start is ${r.earliestStart}: this request needs ${r.leadTimeDays} days' lead time, counted in ${timeZone} from ${DateTime.fromJSDate(r.receivedAt, { zone: timeZone }).toISODate()}. Propose ${r.earliestStart} or later.`,
    {
      earliestStart: r.earliestStart,
      leadTimeDays: r.leadTimeDays,
      timeZone,
      proposedStart: c.proposedStart,
      errors: [{ path: 'body.proposedStart', message: `must be ${r.earliestStart} or later` }],
    },
  );
}
