import { z } from 'zod';
import { CalendarDate, Instant, QuantitySchema } from './common.ts';

/** A statement period: a calendar month, YYYY-MM (in the customer's time zone). */
export const Period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a calendar month written YYYY-MM, e.g. 2026-11')
  .refine((p) => p >= '2000-01' && p <= '2100-12', 'between 2000-01 and 2100-12');

const Figures3 = z.object({ balance: QuantitySchema, reserved: QuantitySchema, available: QuantitySchema });

/**
 * A statement's frozen figures: what it said when it was issued. Quantities in the contract's ledger unit;
 * `opening.balance` + the movements that change the balance = `closing.balance` exactly.
 */
export const StatementFigures = z
  .object({
    number: z.string(),
    period: Period,
    /** First and last calendar day of the period in `timeZone`. */
    periodStart: CalendarDate,
    periodEnd: CalendarDate,
    timeZone: z.string(),
    customerName: z.string(),
    contractNumber: z.string(),
    contractStatus: z.string(),
    unit: z.enum(['hours', 'service_units']),
    opening: Figures3,
    movements: z.object({
      granted: QuantitySchema,
      toppedUp: QuantitySchema,
      rolledOverIn: QuantitySchema,
      adjusted: QuantitySchema,
      consumed: QuantitySchema,
      minimumTrueUps: QuantitySchema,
      expired: QuantitySchema,
      rolledOverOut: QuantitySchema,
      reserved: QuantitySchema,
      released: QuantitySchema,
    }),
    topUps: z.array(z.object({ date: CalendarDate, reference: z.string().nullable(), amount: QuantitySchema })),
    consumptionByEngagement: z.array(
      z.object({ engagementId: z.string(), number: z.string(), title: z.string(), consumed: QuantitySchema }),
    ),
    consumptionByActivity: z.array(z.object({ activity: z.string(), label: z.string(), consumed: QuantitySchema })),
    /**
     * Each consumption of the period in posting order: the day it was posted (which puts it in this period)
     * and, for effort, the day the work was done beside it (a reversal carries its target's, negated).
     * Absent from statements issued before it was added.
     */
    consumption: z
      .array(
        z.object({
          posted: CalendarDate,
          workDate: CalendarDate.nullable(),
          engagementNumber: z.string(),
          activity: z.string(),
          label: z.string(),
          amount: QuantitySchema,
        }),
      )
      .optional(),
    closing: Figures3,
    termStart: CalendarDate,
    termEnd: CalendarDate,
    daysLeft: z.number().int(),
    burnRatePerMonth: QuantitySchema,
    forecastDepletionDate: CalendarDate.nullable(),
    /** Consumption per day of the period (for the burn chart), days without consumption left out. */
    dailyConsumption: z.array(z.object({ date: CalendarDate, amount: z.number().int() })),
    /** T&E billed at cost in the period, per currency (approved expenses dated in the period). */
    expenses: z.array(z.object({ currency: z.string(), amountMinor: z.number().int(), count: z.number().int() })),
    ledgerHead: z.object({ seq: z.number().int(), hash: z.string().nullable() }),
    entriesInPeriod: z.number().int(),
  })
  .meta({ id: 'StatementFigures' });
export type StatementFigures = z.infer<typeof StatementFigures>;

export const Statement = z
  .object({
    id: z.string(),
    contractId: z.string(),
    customerId: z.string(),
    number: z.string(),
    period: Period,
    issuedAt: Instant,
    figures: StatementFigures,
  })
  .meta({ id: 'Statement' });
export type Statement = z.infer<typeof Statement>;

/** One recipient's message of a statement and its delivery state. */
export const StatementDelivery = z.object({
  to: z.string(),
  state: z.string(),
  createdAt: Instant,
  deliveredAt: Instant.nullable(),
  resend: z.boolean(),
});

export const StatementSummary = Statement.omit({ figures: true })
  .extend({
    closing: QuantitySchema,
    available: QuantitySchema,
    deliveries: z.array(StatementDelivery),
  })
  .meta({ id: 'StatementSummary' });
export type StatementSummary = z.infer<typeof StatementSummary>;

export const StatementList = z.object({ items: z.array(StatementSummary) }).meta({ id: 'StatementList' });

export const StatementPreviewQuery = z.object({ period: Period.optional() });
export const StatementPreview = z
  .object({ period: Period, toDate: CalendarDate, figures: StatementFigures })
  .meta({ id: 'StatementPreview' });

export const SendStatementBody = z.object({ contactIds: z.array(z.string().min(1).max(64)).min(1).max(50) });
export const SendStatementResult = z.object({ sent: z.array(z.object({ contactId: z.string(), to: z.string() })) });

export const RunStatementsBody = z.object({
  period: Period,
  limit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('issue at most this many of the missing statements now (the CLI runs in batches to show progress)'),
});
export const RunStatementsResult = z
  .object({
    period: Period,
    issued: z.array(z.object({ statementId: z.string(), contractId: z.string(), number: z.string() })),
    skipped: z.array(z.object({ contractId: z.string(), contractNumber: z.string(), reason: z.string() })),
    failed: z.array(z.object({ contractId: z.string(), error: z.string() })),
    /** Statements of the period still missing after this call (a `limit` left them, or they failed). */
    remaining: z.number().int(),
  })
  .meta({ id: 'StatementRun' });
export type RunStatementsResult = z.infer<typeof RunStatementsResult>;
