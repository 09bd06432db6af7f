import type { Insertable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import { formatMoney } from '../../shared/currencies.ts';
import { localDate } from '../../shared/dates.ts';
import type { TermsMissing } from '../../shared/contracts/invoicing.ts';
import { periodLabel } from '../../shared/statements.ts';
import { formatAmount, ledgerUnitOf } from '../../shared/units.ts';
import { billedAtCostIn } from '../expenses/expenses.rules.ts';
import type { PeriodBounds } from '../statements/statements.rules.ts';
import { invoicingRepo, type BillingContract } from './invoicing.repo.ts';
import { overageOf, priceAtRate } from './invoicing.rules.ts';
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
  const overage = await overageLine(ex, c, bounds, termsMissing);
  if (overage) lines.push({ ...base, ...overage });
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

async function overageLine(
  ex: Executor,
  c: BillingContract,
  bounds: PeriodBounds,
  termsMissing: TermsMissing[],
): Promise<Omit<LineDraft, 'customer_id' | 'contract_id'> | null> {
  const entries = await invoicingRepo.entriesIn(ex, c.id, bounds.start, bounds.end);
  const over = overageOf(entries.map((e) => ({ ...e, balanceAfter: e.balance_after, engagementId: e.engagement_id })));
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
