import { z } from 'zod';
import { RateCardView } from '../rate-card.ts';
import { BusinessDateOrInstant, CalendarDate, DisplayName, Instant, QuantitySchema, RevisionInput } from './common.ts';

export const engagementStatuses = ['scheduled', 'in_progress', 'on_hold', 'delivering', 'closed', 'cancelled'] as const;
export const EngagementStatus = z.enum(engagementStatuses);
export type EngagementStatus = z.output<typeof EngagementStatus>;

const Reason = z.string().trim().min(1).max(2000);

export const EngagementListQuery = z.object({
  status: z
    .string()
    .max(200)
    .optional()
    .describe(`One status or several separated by commas: ${engagementStatuses.join(', ')}.`),
  customerId: z.string().max(64).optional(),
  contractId: z.string().max(64).optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only engagements whose team you are on (consultants see only those anyway).'),
});

export const TeamMember = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.string().describe('The role on this engagement (lead, forensic analyst, …).'),
    addedAt: Instant,
  })
  .meta({ id: 'EngagementTeamMember' });

export const ClosingChangeOrderView = z
  .object({ number: z.string(), amount: QuantitySchema })
  .meta({ id: 'ClosingChangeOrder' });

export const EngagementClosingView = z
  .object({
    operation: z.enum(['close', 'cancel']),
    at: Instant,
    by: z.string().nullable(),
    fixedPrice: QuantitySchema,
    changeOrders: z
      .array(ClosingChangeOrderView)
      .describe('Fixed pricing: the approved change orders the close drew, each its own ledger line.'),
    trueUp: QuantitySchema,
    shortfall: QuantitySchema,
    waived: z
      .object({ reason: z.string(), by: z.string() })
      .nullable()
      .describe("The admin's waiver of the minimum true-up, with its reason."),
    writtenOff: QuantitySchema.describe('Held effort never billed, written off.'),
    writtenOffEntries: z.number().int(),
    released: QuantitySchema,
    expired: QuantitySchema.describe('Released after the contract expired: expired at once.'),
    reason: z.string().nullable(),
    ledgerEntryIds: z.array(z.string()),
  })
  .meta({ id: 'EngagementClosing' });

export const EngagementSummary = z
  .object({
    id: z.string(),
    number: z.string().describe('Readable number, ENG-YYYY-NNNN.'),
    title: z.string(),
    kind: z.enum(['emergency', 'proactive']),
    status: EngagementStatus,
    requestId: z.string(),
    workOrderId: z.string().describe('The approved Engagement Work Order.'),
    contractId: z.string(),
    contractNumber: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    customerTimeZone: z
      .string()
      .describe("The customer's IANA time zone: an effort entry's date is the customer's day, not the consultant's."),
    pricingMode: z.enum(['time_and_materials', 'fixed']),
    deliveryMode: z.enum(['onsite', 'remote', 'hybrid']),
    plannedStart: Instant.nullable(),
    plannedEnd: Instant.nullable(),
    estimate: QuantitySchema,
    consumed: QuantitySchema.describe('Effort consumed, plus the fixed price and the minimum true-up once closed.'),
    team: z.array(TeamMember),
    createdAt: Instant,
  })
  .meta({ id: 'EngagementSummary' });

export const Engagement = EngagementSummary.extend({
  statusReason: z.string().nullable(),
  statusBeforeHold: EngagementStatus.nullable().describe('On hold: the state it goes back to.'),
  siteIds: z.array(z.string()),
  fixedPrice: QuantitySchema.nullable(),
  minimumBillable: QuantitySchema,
  estimateLimit: QuantitySchema.describe("Estimate plus the contract's tolerance: billable effort beyond it is held."),
  reserved: QuantitySchema.describe('The open reservation on the ledger now.'),
  held: QuantitySchema.describe('Billable effort held past estimate + tolerance, waiting for a change order.'),
  percentOfEstimate: z.number().describe('Consumed as a percentage of the estimate (0–100+, two decimals).'),
  revision: z.number().int(),
  scheduleSequence: z.number().int().describe('SEQUENCE of the last schedule invitation.'),
  updatedAt: Instant,
  closedAt: Instant.nullable(),
  closing: EngagementClosingView.nullable(),
  rateCard: RateCardView.describe(
    "The rate card its effort converts with: its EWO's, or its latest approved change order's (issue 17).",
  ),
}).meta({ id: 'Engagement' });

export const TransitionBody = z.object({
  to: EngagementStatus,
  reason: Reason.optional().describe('Why (a customer pause, blocked access…); recorded with the move.'),
});

export const TeamMemberBody = z.object({
  userId: z.string().min(1).max(64),
  role: DisplayName(60).default('consultant'),
});

export const RemoveTeamMemberBody = z.object({
  userId: z.string().min(1).max(64),
  role: z.string().trim().max(60).optional(),
});

const PlannedDate = BusinessDateOrInstant.nullable();

export const UpdateEngagementBody = z
  .object({
    plannedStart: PlannedDate.optional().describe(
      "An instant, or a date (the start of that day in the customer's time zone); null clears it.",
    ),
    plannedEnd: PlannedDate.optional().describe(
      "An instant, or a date (the end of that day in the customer's time zone); null clears it.",
    ),
    title: DisplayName(200).optional(),
    revision: RevisionInput.optional().describe(
      'The revision you edited (or If-Match); a newer one answers 409 STALE_REVISION.',
    ),
  })
  .refine((b) => b.plannedStart !== undefined || b.plannedEnd !== undefined || b.title !== undefined, {
    message: 'give plannedStart, plannedEnd or title',
  });

export const CloseBody = z.object({
  waiveMinimum: z
    .object({ reason: Reason })
    .optional()
    .describe('Admins only: do not post the minimum true-up, for this reason (recorded).'),
});

export const CancelBody = z.object({
  reason: Reason,
  waiveMinimum: z
    .object({ reason: Reason })
    .optional()
    .describe('Admins only: do not post the minimum true-up on cancellation.'),
});

export const ClosePreviewQuery = z.object({
  operation: z.enum(['close', 'cancel']).default('close'),
});

export const ClosePreview = z
  .object({
    engagementId: z.string(),
    operation: z.enum(['close', 'cancel']),
    status: EngagementStatus,
    allowed: z.boolean().describe('Whether the operation is possible from the current status.'),
    pricingMode: z.enum(['time_and_materials', 'fixed']),
    estimate: QuantitySchema,
    consumed: QuantitySchema.describe('Billable consumption before the operation.'),
    minimumBillable: QuantitySchema,
    minimumApplies: z.boolean(),
    fixedPrice: QuantitySchema.describe('Consumed by the close (fixed pricing).'),
    changeOrders: z
      .array(ClosingChangeOrderView)
      .describe("Fixed pricing: each approved change order's delta the close draws as its own line."),
    fixedTotal: QuantitySchema.describe('The fixed price plus the change orders: drawn whatever was logged.'),
    shortfall: QuantitySchema,
    trueUp: QuantitySchema.describe('The minimum_true_up the operation posts unless an admin waives it.'),
    heldToWriteOff: QuantitySchema,
    heldEntries: z.number().int(),
    reserved: QuantitySchema.describe('The open reservation now.'),
    release: QuantitySchema.describe('What the release gives back to the available balance.'),
    contractStatus: z.string(),
    releaseExpires: z.boolean().describe('The contract has expired: the released units expire at once.'),
    availableBefore: QuantitySchema,
    availableAfter: QuantitySchema,
  })
  .meta({ id: 'ClosePreview' });

export const BurnPoint = z.object({ date: CalendarDate, consumed: QuantitySchema, estimate: QuantitySchema });

export const Burn = z
  .object({
    engagementId: z.string(),
    estimate: QuantitySchema,
    consumed: QuantitySchema,
    points: z
      .array(BurnPoint)
      .describe('Cumulative consumption and the estimate in force, per day on which either changed.'),
  })
  .meta({ id: 'EngagementBurn' });
