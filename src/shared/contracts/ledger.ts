import { z } from 'zod';
import { MAX_POSTING } from '../units.ts';
import { BusinessDate, CalendarDate, DisplayName, Instant, QuantitySchema } from './common.ts';
import { TopupPriceInput, TopupPriceView } from './commerce.ts';
import { ContractStatus, ContractUnit } from './contracts.ts';

export const ledgerKindValues = [
  'grant',
  'top_up',
  'reserve',
  'release',
  'consume',
  'minimum_true_up',
  'adjustment',
  'reversal',
  'expire',
  'rollover_out',
  'rollover_in',
] as const;
export const LedgerKind = z.enum(ledgerKindValues);

/** What each ledger kind is called where people read it (the web app, the CSV export). */
export const ledgerKindNames: Record<(typeof ledgerKindValues)[number], string> = {
  grant: 'Grant',
  top_up: 'Top-up',
  reserve: 'Reservation',
  release: 'Release',
  consume: 'Consumption',
  minimum_true_up: 'Minimum true-up',
  adjustment: 'Adjustment',
  reversal: 'Reversal',
  expire: 'Expiry',
  rollover_out: 'Rollover out',
  rollover_in: 'Rollover in',
};

const PositiveAmount = z
  .number()
  .int()
  .positive()
  .max(MAX_POSTING)
  .describe(`Integer in ledger units (minutes, or hundredths of a service unit), 1 to ${MAX_POSTING}.`);

export const TopUpBody = z.object({
  amount: PositiveAmount,
  reference: DisplayName(200).describe('Purchase order or invoice reference.'),
  ...TopupPriceInput.shape,
});

export const AdjustmentBody = z.object({
  amount: z
    .number()
    .int()
    .min(-MAX_POSTING)
    .max(MAX_POSTING)
    .refine((n) => n !== 0, 'must not be zero')
    .describe('Signed integer in ledger units: positive credits the contract, negative debits it.'),
  reason: z.string().trim().min(3).max(1000),
});

export const ReversalBody = z.object({
  entryId: z.string().min(1).max(64),
  reason: z.string().trim().min(3).max(1000),
});

/** The Idempotency-Key header of every posting: the same key with the same body returns the first result. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(200).optional(),
  'if-match': z.string().max(100).optional(),
});

export const LedgerEntry = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    kind: LedgerKind,
    amount: QuantitySchema.describe('Signed for adjustments; a reversal carries the amount of the entry it reverses.'),
    engagementId: z.string().nullable(),
    reversesId: z.string().nullable(),
    reference: z.string().nullable(),
    reason: z.string().nullable(),
    idempotencyKey: z.string().nullable(),
    overage: QuantitySchema.describe('What this posting took past the available balance (overdraft policy allows it).'),
    balanceAfter: QuantitySchema,
    reservedAfter: QuantitySchema,
    availableAfter: QuantitySchema,
    createdBy: z.string(),
    createdAt: Instant,
    prevHash: z.string().nullable(),
    hash: z.string(),
    price: TopupPriceView.optional().describe(
      'Top-ups only, for readers who see money (never consultants): the recorded price and purchase order, or `recorded: false`.',
    ),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const PostingResponse = z.object({ contractId: z.string(), entry: LedgerEntry }).meta({ id: 'LedgerPosting' });

export const LedgerQuery = z.object({
  kind: z
    .union([LedgerKind, z.string().regex(/^[a-z_]+(,[a-z_]+)*$/)])
    .optional()
    .describe('One kind, or several separated by commas (top_up,adjustment).'),
  from: BusinessDate.optional().describe('First day (inclusive, customer time zone).'),
  to: BusinessDate.optional().describe('Last day (inclusive, customer time zone).'),
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .describe('csv: every matching entry in one spreadsheet, without pagination.'),
});

export const Balance = z
  .object({
    contractId: z.string(),
    contractNumber: z.string(),
    status: ContractStatus,
    unit: ContractUnit,
    granted: QuantitySchema,
    toppedUp: QuantitySchema,
    rolledOverIn: QuantitySchema,
    adjusted: QuantitySchema,
    consumed: QuantitySchema.describe('Effort and fixed prices.'),
    minimumTrueUps: QuantitySchema,
    expired: QuantitySchema,
    rolledOverOut: QuantitySchema,
    balance: QuantitySchema,
    reserved: QuantitySchema.describe("Sum of the engagements' open reservations."),
    available: QuantitySchema.describe('balance − reserved; negative when the overdraft policy allowed an overage.'),
    burnRatePerMonth: QuantitySchema.describe(
      'Consumption per 30 days over the trailing 90 days (or since the term started).',
    ),
    percentConsumed: z.number().min(0).max(100),
    termStart: CalendarDate,
    termEnd: CalendarDate,
    daysLeft: z
      .number()
      .int()
      .min(0)
      .describe("Calendar days from today to the term end in the customer's time zone; 0 on the last day."),
    forecastDepletionDate: CalendarDate.nullable().describe(
      'When the balance reaches zero at the burn rate; null without consumption, or when that is more than a century away.',
    ),
    entries: z.number().int().describe('Number of ledger entries.'),
    headHash: z.string().nullable().describe('Hash of the latest entry.'),
    asOf: Instant.describe(
      'When these figures were last confirmed against the ledger (a server answers from memory and confirms every 100 ms; its own postings show at once).',
    ),
  })
  .meta({ id: 'Balance' });
export type Balance = z.infer<typeof Balance>;

/** One entry of an export: exactly the hashed fields plus the hash (see `hashRule`). */
export const ExportedEntry = z.object({
  seq: z.number().int(),
  id: z.string(),
  contractId: z.string(),
  kind: LedgerKind,
  amount: z.number().int(),
  engagementId: z.string().nullable(),
  reversesId: z.string().nullable(),
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  overage: z.number().int(),
  balanceAfter: z.number().int(),
  reservedAfter: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});

export const LedgerExport = z
  .object({
    contractId: z.string(),
    contractNumber: z.string().optional(),
    unit: ContractUnit,
    exportedAt: z.string().optional(),
    hashRule: z.string().optional(),
    entries: z.array(ExportedEntry),
  })
  .meta({ id: 'LedgerExport' });
export type LedgerExport = z.infer<typeof LedgerExport>;
