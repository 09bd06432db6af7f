import { z } from 'zod';
import { labels } from '../labels.ts';
import { CalendarDate, DisplayName, Instant, QuantitySchema } from './common.ts';
import { Money } from './expenses.ts';
import { Period } from './statements.ts';

/**
 * What a billing line bills: a top-up, the overage of a period, a correction of overage already exported
 * (negative; consumption reversed or adjusted later), or an expense at cost.
 */
export const billingLineKindValues = ['top_up', 'overage', 'overage_correction', 'expense'] as const;

const BatchLimit = z
  .number()
  .int()
  .min(1)
  .max(1000)
  .optional()
  .describe(
    'bill at most this many contracts now; go on with POST /billing/runs/{id}/continue (the CLI shows progress)',
  );

/** `POST /billing/runs`: the calendar month to bill (in each customer's time zone). */
export const RunBillingBody = z.object({ period: Period, limit: BatchLimit });
export type RunBillingBody = z.infer<typeof RunBillingBody>;

/** One invoiceable item, exported once. Money in integer minor units; null where no price was recorded. */
export const BillingLine = z
  .object({
    id: z.string(),
    position: z.number().int(),
    kind: z.enum(billingLineKindValues),
    customerId: z.string(),
    customerName: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    date: CalendarDate.describe("The item's day in the customer's time zone."),
    description: z.string(),
    quantity: QuantitySchema.nullable().describe(
      'Top-ups and overage, in the contract ledger unit (negative for a correction); null for T&E.',
    ),
    unitPrice: Money.nullable().describe('The overage rate (per hour, or per service unit); null otherwise.'),
    amount: Money.nullable().describe('Rounded half up at the line; null when the top-up was posted without a price.'),
    purchaseOrder: z.string().nullable(),
    engagements: z.array(z.string()).describe('Engagement numbers (ENG-2026-0012) the line is for.'),
    receiptUrl: z.string().nullable().describe("An expense's receipt."),
    invoiceNumber: z.string().nullable(),
    invoicedAt: Instant.nullable(),
    correctsLineId: z
      .string()
      .nullable()
      .describe('An overage correction: the exported overage line it credits (which itself never changes).'),
  })
  .meta({ id: 'BillingLine' });
export type BillingLine = z.infer<typeof BillingLine>;

/** A contract billing cannot price until an account manager sets its commercial terms (currency, rates). */
export const TermsMissing = z.object({
  contractId: z.string(),
  contractNumber: z.string(),
  customerName: z.string(),
  reason: z.string(),
});
export type TermsMissing = z.infer<typeof TermsMissing>;

const RunFields = {
  id: z.string(),
  period: Period,
  createdAt: Instant,
  createdBy: z.string(),
  totals: z.array(Money).describe('Sum of the line amounts per currency (lines without a price are not counted).'),
};

/** A run with its lines (the items no earlier run exported; empty when nothing was new). */
export const BillingRun = z
  .object({
    ...RunFields,
    lines: z.array(BillingLine),
    termsMissing: z.array(TermsMissing),
    waiting: z
      .array(z.string())
      .describe('Customers whose month had not ended in their time zone when the run was made (names).'),
  })
  .meta({ id: 'BillingRun' });
export type BillingRun = z.infer<typeof BillingRun>;

/** `POST /billing/runs/{id}/continue`: the next batch of a run started with a `limit`. */
export const ContinueBillingBody = z.object({
  after: z.string().min(1).max(64).describe('The `next` of the previous batch.'),
  limit: BatchLimit,
});
export type ContinueBillingBody = z.infer<typeof ContinueBillingBody>;

/** A run as a batch leaves it: every line so far, and what is left. */
export const BillingRunBatch = BillingRun.extend({
  billed: z.number().int().describe('Contracts this batch looked at.'),
  remaining: z.number().int().describe('Contracts not billed yet by this run (0: the run is complete).'),
  next: z.string().nullable().describe('Pass as `after` to continue; null when nothing remains.'),
}).meta({ id: 'BillingRunBatch' });
export type BillingRunBatch = z.infer<typeof BillingRunBatch>;

export const BillingRunSummary = z.object({
  ...RunFields,
  lineCount: z.number().int(),
  invoicedCount: z.number().int(),
});
export type BillingRunSummary = z.infer<typeof BillingRunSummary>;

export const BillingRunList = z.object({
  items: z.array(BillingRunSummary),
  termsMissing: z.array(TermsMissing).describe('Contracts billing cannot price yet.'),
});
export type BillingRunList = z.infer<typeof BillingRunList>;

export const BillingRunQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

export const BillingPdfQuery = z.object({
  customerId: z.string().min(1).max(64).optional().describe('One customer only (default: every customer of the run).'),
  format: z.enum(['pdf', 'base64']).default('pdf'),
});

/** An invoice number as the finance system gives it. */
export const InvoiceNumberBody = z.object({ invoiceNumber: DisplayName(100) });
export type InvoiceNumberBody = z.infer<typeof InvoiceNumberBody>;

export const LineParams = z.object({ id: z.string().min(1).max(64), lineId: z.string().min(1).max(64) });
export const CustomerLinesParams = z.object({
  id: z.string().min(1).max(64),
  customerId: z.string().min(1).max(64),
});

export const InvoicedLines = z.object({ lines: z.array(BillingLine) });
export type InvoicedLines = z.infer<typeof InvoicedLines>;

/** The CSV columns of a run (`GET /billing/runs/{id}?format=csv`), one row per line, in this order. */
export const billingCsvColumns = [
  'line',
  'lineId',
  'customer',
  'contract',
  'kind',
  'date',
  'description',
  'quantity',
  'quantityUnit',
  'quantityDisplay',
  'unitPriceMinor',
  'amountMinor',
  'currency',
  'amountDisplay',
  'purchaseOrder',
  'engagements',
  'receiptUrl',
  'invoiceNumber',
  'correctsLineId',
] as const;

/** What a line's kind is called where people read it. */
export const billingKindLabels: Record<(typeof billingLineKindValues)[number], string> = labels.billingLineKind;
