import { AppError } from '../../shared/errors.ts';
import { priceLine } from '../../shared/money.ts';
import type { LedgerUnit } from '../../shared/units.ts';
import { addPeriods, periodEnded, periodOf } from '../statements/statements.rules.ts';

/**
 * Billing exports (issue 17), pure: which periods may be billed, the overage of a period, the price of a
 * line, totals and CSV cells. Money is integer minor units; rounding happens once, at the line.
 */

/** The zone furthest ahead of UTC: a month has ended somewhere only once it has ended there. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

/** The latest period that may be billed at `now`: the month before the current one where the day starts first. */
export const latestBillablePeriod = (now: Date): string => addPeriods(periodOf(now, EARLIEST_ZONE), -1);

/** A period that has not ended anywhere yet (the current month, or a future one) is refused: 422. */
export function assertBillablePeriod(period: string, now: Date): void {
  const latest = latestBillablePeriod(now);
  if (period > latest)
    throw new AppError(
      'BILLING_PERIOD_NOT_ENDED',
      `${period} has not ended yet: billing can be run for ${latest} or an earlier month.`,
      { period, latest },
    );
}

/** Whether the period has ended in the customer's zone (a customer whose month is still running waits). */
export const periodEndedFor = periodEnded;

/** A ledger entry as the overage computation reads it (chain order). */
export interface OverageEntry {
  /** Needed to find the target of a reversal; optional where no reversal is read. */
  id?: string;
  seq: number;
  kind: string;
  amount: number;
  /** The balance after the entry (grant + top-ups + … − consumption), not the available balance. */
  balanceAfter: number;
  engagementId: string | null;
  /** A reversal's target. */
  reversesId?: string | null;
}

const isConsumption = (kind: string) => kind === 'consume' || kind === 'minimum_true_up';

/**
 * The part of each consumption (`consume`, `minimum_true_up`) that took the balance below zero, on the chain
 * **as corrected** by the corrections in `entries` (issue 17, overage corrections):
 *
 * - the past-zero part of one consumption is min(amount, max(0, −balance after));
 * - a `reversal` of a consumption takes that consumption out of the chain, as if it had not been posted;
 * - a positive `adjustment` is a correction of consumption: it takes its amount off the latest consumptions
 *   before it (the latest first), as if they had been that much smaller;
 * - a correction lifts the balance after the corrected entry and after every entry up to the correction
 *   (entries after it already carry it), so consumption between the two may fall out of the overage too;
 * - a `top_up` (or any other credit) is not a correction: it lifts the balance from its own place in the chain
 *   and refunds nothing consumed before it.
 *
 * Corrections only ever lower the overage. Returns the corrected past-zero part by consumption seq (entries
 * whose part is zero are left out).
 */
export function correctedOverage(entries: readonly OverageEntry[]): Map<number, number> {
  const chain = [...entries].sort((a, b) => a.seq - b.seq);
  const byId = new Map(chain.filter((e) => e.id).map((e) => [e.id!, e]));
  const reduced = new Map<number, number>();
  const shifts: { from: number; to: number; amount: number }[] = [];
  const reduce = (target: OverageEntry, amount: number, correctionSeq: number) => {
    const take = Math.min(amount, target.amount - (reduced.get(target.seq) ?? 0));
    if (take <= 0) return 0;
    reduced.set(target.seq, (reduced.get(target.seq) ?? 0) + take);
    shifts.push({ from: target.seq, to: correctionSeq, amount: take });
    return take;
  };
  for (const c of chain) {
    if (c.kind === 'reversal' && c.reversesId) {
      const target = byId.get(c.reversesId);
      if (target && isConsumption(target.kind) && target.seq < c.seq) reduce(target, target.amount, c.seq);
    } else if (c.kind === 'adjustment' && c.amount > 0) {
      let left = c.amount;
      for (let i = chain.indexOf(c) - 1; i >= 0 && left > 0; i--) {
        const x = chain[i]!;
        if (isConsumption(x.kind)) left -= reduce(x, left, c.seq);
      }
    }
  }
  const parts = new Map<number, number>();
  for (const e of chain) {
    if (!isConsumption(e.kind)) continue;
    const r = reduced.get(e.seq) ?? 0;
    const lift = shifts.reduce((sum, s) => (s.from <= e.seq && e.seq < s.to ? sum + s.amount : sum), 0);
    const part = Math.min(e.amount - r, Math.max(0, -(e.balanceAfter + lift)));
    if (part > 0) parts.set(e.seq, part);
  }
  return parts;
}

/**
 * The overage consumed in a period: the corrected past-zero parts (`correctedOverage`) of the consumptions
 * in `inPeriod`, read on the whole chain `entries` up to the end of the period (so a correction posted in the
 * period nets its consumption's overage). Billed once: a later top-up lifts the balance but refunds nothing,
 * and consumption past zero after that top-up is new overage. Reservations are not consumption (they bill
 * nothing). Returns the total and the engagements it was consumed on. Without `inPeriod`, every entry counts.
 */
export function overageOf(
  entries: readonly OverageEntry[],
  inPeriod?: (e: OverageEntry) => boolean,
): { quantity: number; engagementIds: string[] } {
  const parts = correctedOverage(entries);
  let quantity = 0;
  const engagementIds: string[] = [];
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const part = parts.get(e.seq) ?? 0;
    if (part <= 0 || (inPeriod && !inPeriod(e))) continue;
    quantity += part;
    if (e.engagementId && !engagementIds.includes(e.engagementId)) engagementIds.push(e.engagementId);
  }
  return { quantity, engagementIds };
}

/** An overage line as exported, with what later correction lines have credited on it so far. */
export interface BilledOverage {
  quantity: number;
  amountMinor: number;
  creditedQuantity: number;
  creditedAmountMinor: number;
}

/**
 * The correction a run owes on an exported overage line: what was billed, less what was credited, less the
 * overage of that period as the chain now reads (`recomputed`, ≥ 0). Null when nothing is owed. The credit is
 * priced at the line's own rate, rounded half up at the line, and never credits more money than the line
 * billed: the last correction takes exactly what is left.
 */
export function overageCorrection(
  billed: BilledOverage,
  recomputed: number,
  rateMinor: number,
  unit: LedgerUnit,
): { quantity: number; amountMinor: number } | null {
  const open = billed.quantity - billed.creditedQuantity;
  const credit = open - Math.max(0, recomputed);
  if (credit <= 0) return null;
  const left = billed.amountMinor - billed.creditedAmountMinor;
  const amountMinor = credit === open ? left : Math.min(priceAtRate(rateMinor, credit, unit), left);
  return { quantity: credit, amountMinor: Math.max(0, amountMinor) };
}

/**
 * The price of a quantity at a rate, in minor units, rounded half up at the line (never on totals): the rate
 * is per hour for minute quantities and per unit for centiunit quantities (`priceLine` of shared/money.ts,
 * exact bigint arithmetic). A result beyond the safe integer range is refused.
 */
export function priceAtRate(rateMinor: number, quantity: number, unit: LedgerUnit): number {
  const price = priceLine(rateMinor, quantity, unit);
  if (!price.ok) throw new AppError('BUSINESS_RULE', `${price.message} (billing line of ${quantity} at ${rateMinor})`);
  return price.amountMinor;
}

/** Totals per currency of priced lines (integer sums of line amounts, nothing rounded), sorted by currency. */
export function totalsByCurrency(
  lines: readonly { amountMinor: number | null; currency: string | null }[],
): { currency: string; amountMinor: number; lines: number }[] {
  const sums = new Map<string, { amountMinor: number; lines: number }>();
  for (const l of lines) {
    if (l.amountMinor === null || l.currency === null) continue;
    const s = sums.get(l.currency) ?? { amountMinor: 0, lines: 0 };
    s.amountMinor += l.amountMinor;
    s.lines += 1;
    sums.set(l.currency, s);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, s]) => ({ currency, ...s }));
}
