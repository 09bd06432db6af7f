import { z } from 'zod';
import { BusinessDate, CalendarDate, Instant } from './common.ts';

export const expenseCategoryValues = ['airfare', 'lodging', 'ground_transport', 'meals', 'other'] as const;
export const expenseStatusValues = ['pending', 'approved', 'rejected'] as const;
export const ExpenseCategory = z.enum(expenseCategoryValues);
export const ExpenseStatus = z.enum(expenseStatusValues);

/** The largest single expense in minor units (10^10). */
export const MAX_EXPENSE_AMOUNT = 10_000_000_000;

/** Money in a response: integer minor units of an ISO 4217 currency, never converted. */
export const Money = z
  .object({
    amount: z.number().int().describe('Integer in the minor unit of the currency (cents for EUR, yen for JPY).'),
    currency: z.string().length(3).describe('ISO 4217 code.'),
    display: z.string().describe('As a person reads it: "1,234.50 EUR".'),
  })
  .meta({ id: 'Money' });

const Note = z.string().trim().max(2000);

/** The text fields of the multipart form that files an expense (the receipt is the file field `receipt`). */
export const ExpenseFields = z.object({
  date: BusinessDate.describe('The day of the expense (YYYY-MM-DD, 2000 to 2100); not in the future.'),
  category: ExpenseCategory,
  amount: z
    .string()
    .regex(
      /^(0|[1-9][0-9]{0,10})$/,
      'must be a whole number of minor units written with digits only, without spaces, sign, separators, decimals, exponent or leading zeros: 12345 for 123.45 EUR',
    )
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, 'must be more than zero')
        .max(MAX_EXPENSE_AMOUNT, `must be at most ${MAX_EXPENSE_AMOUNT} minor units`),
    )
    .describe(`Integer in minor units of the currency, 1 to ${MAX_EXPENSE_AMOUNT} (12345 is 123.45 EUR).`),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, such as EUR or USD')
    .optional()
    .describe(
      "ISO 4217 currency in circulation, e.g. EUR, USD, JPY. Omitted: the contract's currency (its commercial terms), else the firm's default currency.",
    ),
  note: Note.optional().describe('What it was for (flight ORD–DUB, hotel 3 nights…).'),
});

/** The multipart body as documented (validated field by field in the route: fields above, the file by its content). */
export const ExpenseForm = ExpenseFields.extend({
  receipt: z
    .file()
    .describe('The receipt: PDF, PNG or JPEG (recognised from the content, not the name), at most 10 MB.'),
});

export const StoredFile = z
  .object({
    name: z.string().describe('The uploaded file name.'),
    contentType: z.string().describe('Detected from the content.'),
    size: z.number().int().describe('Bytes.'),
    sha256: z.string().describe('Hex SHA-256 of the content.'),
    url: z.string().describe('Download path (an attachment).'),
  })
  .meta({ id: 'StoredFile' });

export const Expense = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    userId: z.string().describe('The provider user who incurred and filed it.'),
    userName: z.string(),
    date: CalendarDate,
    category: ExpenseCategory,
    amount: Money,
    note: z.string(),
    status: ExpenseStatus,
    receipt: StoredFile,
    decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    decidedAt: Instant.nullable(),
    rejectionReason: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Expense' });

export const ExpenseTotals = z
  .object({
    currency: z.string(),
    approved: Money,
    pending: Money,
    approvedCount: z.number().int(),
    pendingCount: z.number().int(),
  })
  .meta({ id: 'ExpenseTotals' });

export const ExpenseListQuery = z.object({ status: ExpenseStatus.optional() });

export const ExpensePage = z.object({
  items: z.array(Expense),
  defaultCurrency: z
    .string()
    .describe("The currency a new expense takes when none is given: the contract's, else the firm's default."),
  nextCursor: z.string().nullable(),
  totals: z
    .array(ExpenseTotals)
    .describe(
      'Per currency over all the expenses you may see on this engagement (not only this page); rejected ones count nowhere.',
    ),
  scope: z
    .enum(['all', 'approved_only'])
    .describe('approved_only: a customer sees approved expenses only (pending is then always zero).'),
});

export const RejectExpenseBody = z.object({
  reason: z.string().trim().min(3).max(1000).describe('Told to the consultant who filed it.'),
});

export const ExpenseReportQuery = z
  .object({
    contractId: z.string().min(1).max(64).optional().describe('One retainer; without it every contract you may see.'),
    from: BusinessDate.optional().describe('First expense date (inclusive).'),
    to: BusinessDate.optional().describe('Last expense date (inclusive).'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const ExpenseReport = z
  .object({
    contractId: z.string().nullable(),
    from: CalendarDate.nullable(),
    to: CalendarDate.nullable(),
    scope: z.enum(['all', 'approved_only']),
    totals: z.array(ExpenseTotals).describe('Per currency; nothing is converted.'),
    engagements: z.array(
      z.object({
        engagementId: z.string(),
        number: z.string(),
        title: z.string(),
        contractId: z.string(),
        totals: z.array(ExpenseTotals),
      }),
    ),
  })
  .meta({ id: 'ExpenseReport' });
