import { z } from 'zod';
import { activities } from '../domain.ts';
import { BusinessDate, CalendarDate, Instant, QuantitySchema } from './common.ts';

export const Activity = z.enum(activities);
export const billingStatuses = ['consumed', 'non_billable', 'held', 'fixed_price', 'written_off'] as const;
export const BillingStatus = z.enum(billingStatuses);

const Note = z.string().trim().max(2000);

export const LogEffortBody = z.object({
  userId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Who did the work (a team member, or an IR manager); default you.'),
  date: BusinessDate.optional().describe(
    "The day of the work, in the customer's time zone (default: today there): not in the future, not before approval.",
  ),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .describe("Minutes as worked; rounded up to the contract's increment."),
  activity: Activity,
  afterHours: z.boolean().default(false).describe("Worked after hours: the contract's after-hours multiplier applies."),
  note: Note.default(''),
});

export const UpdateEffortBody = z
  .object({
    date: BusinessDate.optional(),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    activity: Activity.optional(),
    afterHours: z.boolean().optional(),
    note: Note.optional(),
    reason: z.string().trim().min(1).max(1000).optional().describe('Why it is corrected (kept with the reversal).'),
  })
  .refine(
    (b) =>
      ['date', 'minutes', 'activity', 'afterHours', 'note'].some(
        (k) => k in b && (b as Record<string, unknown>)[k] !== undefined,
      ),
    { message: 'give at least one of date, minutes, activity, afterHours, note' },
  );

export const DeleteEffortQuery = z.object({
  reason: z.string().trim().min(1).max(1000).optional().describe('Why it is removed (kept with the reversal).'),
});

export const EffortEntry = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    userId: z.string(),
    userName: z.string(),
    date: CalendarDate,
    minutes: z.number().int().describe('As logged.'),
    roundedMinutes: z.number().int().describe("Rounded up to the contract's increment."),
    weightedMinutes: z.number().int().describe('After the activity and after-hours multipliers.'),
    activity: Activity,
    afterHours: z.boolean(),
    billable: z.boolean(),
    billingStatus: BillingStatus.describe(
      'consumed: drawn from the retainer; non_billable; held: past estimate + tolerance, waiting for a change order; fixed_price: covered by the fixed price consumed at close; written_off: held and never billed.',
    ),
    units: QuantitySchema.describe("What the entry is worth in the contract's unit (0 when not billable)."),
    unitsDrawn: QuantitySchema.describe('What it drew from the retainer.'),
    note: z.string(),
    status: z
      .enum(['active', 'deleted', 'superseded'])
      .describe('Corrected entries stay, as deleted or superseded, with the reversal that undid them.'),
    ledgerEntryId: z.string().nullable(),
    reversalEntryId: z.string().nullable(),
    replacesId: z.string().nullable(),
    replacedById: z.string().nullable(),
    correctionReason: z.string().nullable(),
    postedAt: Instant.nullable(),
    createdBy: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'EffortEntry' });

export const Warning = z.object({ code: z.string(), message: z.string() });

export const EffortResponse = EffortEntry.extend({
  warnings: z.array(Warning).describe('ESTIMATE_EXCEEDED when the entry is held.'),
}).meta({ id: 'EffortPosted' });

/** A customer's view of one entry when the contract lets customers see effort detail. */
export const CustomerEffortEntry = EffortEntry.pick({
  id: true,
  userName: true,
  date: true,
  roundedMinutes: true,
  activity: true,
  billingStatus: true,
  unitsDrawn: true,
  note: true,
});

export const EffortListQuery = z.object({
  userId: z.string().max(64).optional().describe('Whose timesheet; consultants see only their own (default: you).'),
  engagementId: z.string().max(64).optional(),
  from: BusinessDate.optional(),
  to: BusinessDate.optional(),
  includeCorrected: z.enum(['true', 'false']).optional().describe('Also the deleted and superseded entries.'),
});

const ActivityTotal = z.object({
  activity: Activity,
  entries: z.number().int(),
  minutes: z.number().int().describe('Rounded minutes.'),
  units: QuantitySchema.describe('Ledger units drawn (consumed only).'),
});

export const EffortTotals = z
  .object({
    entries: z.number().int(),
    minutes: z.number().int().describe('Rounded minutes of every active entry.'),
    billableMinutes: z.number().int(),
    consumed: QuantitySchema,
    held: QuantitySchema,
    writtenOff: QuantitySchema,
    fixedPrice: z.number().int().describe('Minutes covered by the fixed price.'),
    nonBillableMinutes: z.number().int(),
    byActivity: z.array(ActivityTotal),
  })
  .meta({ id: 'EffortTotals' });

export const EngagementEffort = z
  .object({
    engagementId: z.string(),
    totals: EffortTotals,
    detail: z
      .boolean()
      .describe('false: the caller sees totals only (customers, unless the contract shows them effort detail).'),
    items: z.array(z.union([EffortEntry, CustomerEffortEntry])),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'EngagementEffort' });
