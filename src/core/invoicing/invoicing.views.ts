import {
  billingKindLabels,
  type BillingLine,
  type BillingRun,
  type TermsMissing,
} from '../../shared/contracts/invoicing.ts';
import { money } from '../../shared/currencies.ts';
import { quantity } from '../../shared/units.ts';
import type { BillingLineRow, BillingRunRow } from './invoicing.repo.ts';
import { totalsByCurrency } from './invoicing.rules.ts';

/** A line row as the API shows it: quantities and money with their display strings. */
export const lineView = (row: BillingLineRow): BillingLine => ({
  id: row.id,
  position: row.position,
  kind: row.kind,
  customerId: row.customer_id,
  customerName: row.customer_name,
  contractId: row.contract_id,
  contractNumber: row.contract_number,
  date: row.date,
  description: row.description,
  quantity: row.quantity !== null && row.unit !== null ? quantity(row.quantity, row.unit) : null,
  unitPrice: row.unit_price_minor !== null && row.currency ? money(row.unit_price_minor, row.currency) : null,
  amount: row.amount_minor !== null && row.currency ? money(row.amount_minor, row.currency) : null,
  purchaseOrder: row.purchase_order,
  engagements: row.engagement_numbers,
  receiptUrl: row.receipt_url,
  invoiceNumber: row.invoice_number,
  invoicedAt: row.invoiced_at ? row.invoiced_at.toISOString() : null,
  correctsLineId: row.corrects_line_id,
});

/** Totals per currency of lines, as Money. */
export const totalsOf = (lines: readonly BillingLine[]) =>
  totalsByCurrency(
    lines.map((l) => ({ amountMinor: l.amount?.amount ?? null, currency: l.amount?.currency ?? null })),
  ).map((t) => money(t.amountMinor, t.currency));

/** The CSV row of a line, in `billingCsvColumns` order (cells neutralised by `toCsv`, shared/csv.ts). */
export const csvRow = (l: BillingLine): (string | number | null)[] => [
  l.position,
  l.id,
  l.customerName,
  l.contractNumber,
  billingKindLabels[l.kind],
  l.date,
  l.description,
  l.quantity?.amount ?? null,
  l.quantity?.unit ?? null,
  l.quantity?.display ?? null,
  l.unitPrice?.amount ?? null,
  l.amount?.amount ?? null,
  l.amount?.currency ?? null,
  l.amount?.display ?? null,
  l.purchaseOrder,
  l.engagements.join(' '),
  l.receiptUrl,
  l.invoiceNumber,
  l.correctsLineId,
];

/** A run with its lines, as the API shows it. */
export const runOf = (
  run: BillingRunRow,
  lines: BillingLine[],
  termsMissing: TermsMissing[],
  waiting: string[],
): BillingRun => ({
  id: run.id,
  period: run.period,
  createdAt: run.created_at.toISOString(),
  createdBy: run.created_by,
  totals: totalsOf(lines),
  lines,
  termsMissing,
  waiting,
});
