import type { Insertable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import { formatMoney } from '../../shared/currencies.ts';
import { localDate } from '../../shared/dates.ts';
import type { TermsMissing } from '../../shared/contracts/invoicing.ts';
import { periodLabel } from '../../shared/statements.ts';
import { formatAmount, ledgerUnitOf } from '../../shared/units.ts';
import { billedAtCostIn } from '../expenses/expenses.rules.ts';
import { periodBounds, type PeriodBounds } from '../statements/statements.rules.ts';
import { invoicingRepo, type BillingContract, type ChainEntryRow } from './invoicing.repo.ts';
import { overageCorrection, overageOf, priceAtRate, type OverageEntry } from './invoicing.rules.ts';
import type { BillingLinesTable } from './invoicing.tables.ts';

/** A line before it is numbered and given to a run. */
export type LineDraft = Omit<Insertable<BillingLinesTable>, 'id' | 'run_id' | 'position'>;

const categoryLabels: Record<string, string> = {
  airfare: 'Airfare',
  lodging: 'Lodging',
  ground_transport: 'Ground transport',
  meals: 'Meals',
  other: 'Other expense',
};

/**
 * What one contract has to invoice for a period that no run exported: its top-ups posted in the period, the
 * overage consumed past zero in it (priced at the overage rate; none without terms: reported instead), and
 * its T&E billed at cost (`billedAtCostIn`, the statements' rule) with each receipt's link.
 */
export async function contractLines(
  ex: Executor,
  c: BillingContract,
  bounds: PeriodBounds,
  publicUrl: string,
  termsMissing: TermsMissing[],
): Promise<LineDraft[]> {
  const unit = ledgerUnitOf(c.unit);
  const base = { customer_id: c.customer_id, contract_id: c.id };
  const lines: LineDraft[] = [];
  for (const t of await invoicingRepo.topUps(ex, c.id, bounds.start, bounds.end)) {
    const what = `Top-up of ${formatAmount(t.amount, unit)}${t.reference ? `, reference ${t.reference}` : ''}`;
    lines.push({
      ...base,
      kind: 'top_up',
      source_id: t.id,
      date: localDate(t.created_at, c.time_zone),
      description: t.price_minor === null ? `${what} (price not recorded)` : what,
      quantity: t.amount,
      unit,
      amount_minor: t.price_minor,
      currency: t.price_minor === null ? null : t.currency,
      purchase_order: t.purchase_order,
    });
  }
  const chain = (await invoicingRepo.chainBefore(ex, c.id, bounds.end)).map(chainEntry);
  const overage = await overageLine(ex, c, bounds, chain, termsMissing);
  if (overage) lines.push({ ...base, ...overage });
  for (const correction of await correctionLines(ex, c, bounds, chain)) lines.push({ ...base, ...correction });
  const expenses = await invoicingRepo.expenses(ex, c.id, billedAtCostIn(bounds.firstDay, bounds.lastDay).filter);
  for (const e of expenses)
    lines.push({
      ...base,
      kind: 'expense',
      source_id: e.id,
      date: e.date,
      description: `${categoryLabels[e.category] ?? e.category} at cost${e.note ? `: ${e.note}` : ''}`,
      amount_minor: e.amount,
      currency: e.currency,
      engagement_numbers: [e.engagement_number],
      receipt_url: `${publicUrl.replace(/\/$/, '')}/api/v1/expenses/${e.id}/receipt`,
    });
  return lines;
}

type ChainEntry = OverageEntry & { createdAt: Date };
const chainEntry = (e: ChainEntryRow): ChainEntry => ({
  id: e.id,
  seq: e.seq,
  kind: e.kind,
  amount: e.amount,
  balanceAfter: e.balance_after,
  engagementId: e.engagement_id,
  reversesId: e.reverses_id,
  createdAt: e.created_at,
});
const within = (bounds: PeriodBounds) => (e: OverageEntry) => {
  const at = (e as ChainEntry).createdAt.getTime();
  return at >= bounds.start.getTime() && at < bounds.end.getTime();
};

async function overageLine(
  ex: Executor,
  c: BillingContract,
  bounds: PeriodBounds,
  chain: readonly ChainEntry[],
  termsMissing: TermsMissing[],
): Promise<Omit<LineDraft, 'customer_id' | 'contract_id'> | null> {
  // Corrections posted in the period (or before it) are netted here: only overage already exported gets a
  // correction line of its own.
  const over = overageOf(chain, within(bounds));
  if (over.quantity === 0) return null;
  const sourceId = `${c.id}:${bounds.period}`;
  if (await invoicingRepo.overageExported(ex, sourceId)) return null;
  const unit = ledgerUnitOf(c.unit);
  if (c.currency === null || c.overage_rate_minor === null) {
    termsMissing.push({
      contractId: c.id,
      contractNumber: c.number,
      customerName: c.customer_name,
      reason: `${formatAmount(over.quantity, unit)} of overage in ${periodLabel(bounds.period)} waits for ${
        c.currency === null ? 'the commercial terms' : 'an overage rate'
      }`,
    });
    return null;
  }
  const numbers = await invoicingRepo.engagementNumbers(ex, over.engagementIds);
  const per = unit === 'minute' ? 'an hour' : 'a unit';
  return {
    kind: 'overage',
    source_id: sourceId,
    date: bounds.lastDay,
    description: `Overage past zero in ${periodLabel(bounds.period)}: ${formatAmount(over.quantity, unit)} at ${formatMoney(
      c.overage_rate_minor,
      c.currency,
    )} ${per}`,
    quantity: over.quantity,
    unit,
    unit_price_minor: c.overage_rate_minor,
    amount_minor: priceAtRate(c.overage_rate_minor, over.quantity, unit),
    currency: c.currency,
    engagement_numbers: over.engagementIds.map((id) => numbers.get(id)).filter((n): n is string => !!n),
  };
}

/**
 * The corrections a run of `bounds.period` owes on the contract's exported overage lines: each line's
 * period is read again on the chain up to the end of this period (`overageOf`, which applies reversals and
 * adjustments of consumption); what the line billed beyond that, less earlier corrections, is credited as a
 * line of its own (`overageCorrection`: negative quantity and amount at the line's rate). The exported line
 * is never changed. A later top-up is no correction and credits nothing.
 */
async function correctionLines(
  ex: Executor,
  c: BillingContract,
  bounds: PeriodBounds,
  chain: readonly ChainEntry[],
): Promise<Omit<LineDraft, 'customer_id' | 'contract_id'>[]> {
  const lines: Omit<LineDraft, 'customer_id' | 'contract_id'>[] = [];
  for (const billed of await invoicingRepo.exportedOverage(ex, c.id)) {
    if (billed.quantity === null || billed.amount_minor === null || billed.unit_price_minor === null) continue;
    if (billed.currency === null || billed.unit === null || billed.period > bounds.period) continue;
    const recomputed = overageOf(chain, within(periodBounds(billed.period, c.time_zone))).quantity;
    const credit = overageCorrection(
      {
        quantity: billed.quantity,
        amountMinor: billed.amount_minor,
        creditedQuantity: billed.credited_quantity,
        creditedAmountMinor: billed.credited_amount_minor,
      },
      recomputed,
      billed.unit_price_minor,
      billed.unit,
    );
    if (!credit) continue;
    const invoiced = billed.invoice_number ? ` (invoice ${billed.invoice_number})` : '';
    lines.push({
      kind: 'overage_correction',
      source_id: `${billed.id}:${bounds.period}`,
      corrects_line_id: billed.id,
      date: bounds.lastDay,
      description: `Correction of the overage billed for ${periodLabel(billed.period)}${invoiced}: ${formatAmount(
        credit.quantity,
        billed.unit,
      )} less, consumption reversed or adjusted`,
      quantity: -credit.quantity,
      unit: billed.unit,
      unit_price_minor: billed.unit_price_minor,
      amount_minor: -credit.amountMinor,
      currency: billed.currency,
      engagement_numbers: billed.engagement_numbers,
    });
  }
  return lines;
}
