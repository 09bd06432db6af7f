import { z } from 'zod';
import { isCurrency } from '../currencies.ts';
import { RateCardView } from '../rate-card.ts';
import { activities, deliverableKinds, incidentTypes, requestKinds, severities } from '../domain.ts';
import { MAX_POSTING } from '../units.ts';
import { plannedDateFields, plannedDatePatch, plannedDateView } from './change-order-dates.ts';
import {
  BusinessDate,
  BusinessDateOrInstant,
  CalendarDate,
  DisplayName,
  Instant,
  InstantInput,
  int32Param,
  QuantitySchema,
  RevisionInput,
} from './common.ts';

/** EWO version lifecycle of domain.md (`status`). At most one version of an EWO is draft or sent. */
export const workOrderStatuses = [
  'draft',
  'sent',
  'approved',
  'declined',
  'changes_requested',
  'superseded',
  'expired',
  'void',
] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

/** Change orders decide like an EWO version, without "changes requested". */
export const changeOrderStatuses = ['draft', 'sent', 'approved', 'declined', 'superseded', 'expired'] as const;
export type ChangeOrderStatus = (typeof changeOrderStatuses)[number];

export const deliveryModes = ['onsite', 'remote', 'hybrid'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];
export const pricingModes = ['time_and_materials', 'fixed'] as const;
export type PricingMode = (typeof pricingModes)[number];

/** How a decision reached us. */
export const decisionChannels = ['portal', 'link', 'email'] as const;
export type DecisionChannel = (typeof decisionChannels)[number];
export const decisions = ['approved', 'declined', 'changes_requested'] as const;
export type Decision = (typeof decisions)[number];

const Id = z.string().trim().min(1).max(64);
const Text = (max: number) => z.string().trim().max(max);
const TextList = z.array(z.string().trim().min(1).max(2000)).max(50);
const LedgerAmount = z.number().int().min(0).max(MAX_POSTING);

export const EstimateLineInput = z.object({
  activity: z.enum(activities),
  role: DisplayName(100).describe('Who does it, e.g. "forensic lead".'),
  minutes: z.number().int().min(0).max(MAX_POSTING),
});
export type EstimateLineInput = z.infer<typeof EstimateLineInput>;

/** A change order's added effort: negative minutes reduce the estimate. */
export const DeltaLineInput = EstimateLineInput.extend({
  minutes: z.number().int().min(-MAX_POSTING).max(MAX_POSTING),
});
export type DeltaLineInput = z.infer<typeof DeltaLineInput>;

export const DeliverableInput = z.object({
  kind: z.enum(deliverableKinds),
  title: DisplayName(300),
  dueDate: BusinessDate.nullable().default(null),
});
export type DeliverableInput = z.infer<typeof DeliverableInput>;

export const StaffingLine = z.object({
  role: DisplayName(100),
  count: z.number().int().min(1).max(50),
  userId: Id.optional().describe('A named consultant (provider user), if already chosen.'),
  skills: z
    .array(
      z.object({
        skillId: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_]{0,62}$/, 'must be a skill id of the catalog, e.g. memory_forensics'),
        minLevel: z.number().int().min(1).max(5),
      }),
    )
    .max(20)
    .optional()
    .describe('The skills (ids of the skill catalog, GET /skills) and minimum levels (1–5) the role needs.'),
});
export type StaffingLine = z.infer<typeof StaffingLine>;

/** Money in minor units of an ISO 4217 currency (travel is billed at cost, never from the retainer). */
export const Money = z.object({
  amountMinor: z.number().int().min(0).max(100_000_000_000),
  currency: z.string().refine(isCurrency, 'an ISO 4217 currency in circulation, upper case, such as USD or EUR'),
});
export type Money = z.infer<typeof Money>;

/** A calendar date (YYYY-MM-DD, in the customer's time zone) or an instant with an offset. */
export const DateOrInstant = BusinessDateOrInstant;

/** The editable content of an EWO draft: every field of domain.md's EWO list. */
export const workOrderFields = {
  catalogItemId: Id.nullable(),
  sizeCode: z.string().trim().min(1).max(20).nullable(),
  title: DisplayName(300),
  scope: Text(20_000),
  objectives: TextList,
  inScope: TextList,
  outOfScope: TextList,
  deliveryMode: z.enum(deliveryModes),
  siteIds: z.array(Id).max(50),
  pricingMode: z.enum(pricingModes),
  fixedPrice: LedgerAmount.nullable().describe(
    "Fixed pricing: the price in the contract's ledger unit (minutes, or hundredths of a service unit).",
  ),
  estimateLines: z.array(EstimateLineInput).max(100),
  minimumBillable: LedgerAmount.describe('Minimum billable effort in ledger units.'),
  deliverables: z.array(DeliverableInput).max(50),
  proposedStart: DateOrInstant.nullable(),
  proposedEnd: DateOrInstant.nullable(),
  staffingPlan: z.array(StaffingLine).max(50),
  travelEstimate: Money.nullable(),
  assumptions: TextList,
  customerResponsibilities: TextList,
  preAuthorizedActions: TextList,
  approvalDeadline: InstantInput.nullable().describe(
    'Null: the firm-wide default after sending (48 h emergency, 14 days proactive).',
  ),
};

const optionalFields = Object.fromEntries(Object.entries(workOrderFields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof workOrderFields]: z.ZodOptional<(typeof workOrderFields)[K]>;
};

/** Creating a draft: every field optional, prefilled from the request, its catalog item and the contract. */
export const CreateWorkOrderBody = z.object(optionalFields);
export type CreateWorkOrderBody = z.infer<typeof CreateWorkOrderBody>;

export const UpdateWorkOrderBody = z
  .object({
    ...optionalFields,
    revision: RevisionInput.optional().describe(
      'The revision you edited (or If-Match); a stale one is refused with STALE_REVISION.',
    ),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'revision'), { message: 'give at least one field to change' });
export type UpdateWorkOrderBody = z.infer<typeof UpdateWorkOrderBody>;

export type WorkOrderContent = z.output<z.ZodObject<typeof workOrderFields>>;

export const WorkOrderListQuery = z.object({
  status: z.enum(workOrderStatuses).optional().describe("The current version's status."),
  customerId: Id.optional(),
  requestId: Id.optional(),
});

export const SendBody = z.object({ revision: RevisionInput.optional() }).nullish();
export const ApproveBody = z.object({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'the 64-hex content hash you were shown'),
});
export const DeclineBody = ApproveBody.extend({ reason: z.string().trim().min(1).max(4000) });

const EstimateView = z.object({
  lines: z.array(
    z.object({ activity: z.enum(activities), role: z.string(), minutes: z.number().int(), amount: QuantitySchema }),
  ),
  total: QuantitySchema,
});

/** What approval would do to the balance, as the contract stands now. */
export const BalanceImpact = z
  .object({
    availableBefore: QuantitySchema,
    change: QuantitySchema.describe('Reserved by the approval (negative: released).'),
    availableAfter: QuantitySchema,
    refused: z.boolean().describe("Whether the contract's overdraft policy would refuse the approval now."),
    shortfall: QuantitySchema.nullable(),
    overdraftPolicy: z.string(),
  })
  .meta({ id: 'BalanceImpact' });

export const DecisionView = z
  .object({
    id: z.string(),
    decision: z.enum(decisions),
    channel: z.enum(decisionChannels),
    contactId: z.string(),
    contactName: z.string(),
    userId: z.string().nullable(),
    contentHash: z.string(),
    reason: z.string().nullable(),
    decidedAt: Instant,
    evidence: z
      .record(z.string(), z.unknown())
      .describe("IP and user agent, or the email's Message-ID, From, Date and Received headers."),
  })
  .meta({ id: 'ApprovalDecision' });

const contentView = {
  catalogItemId: z.string().nullable(),
  sizeCode: z.string().nullable(),
  title: z.string(),
  scope: z.string(),
  objectives: z.array(z.string()),
  inScope: z.array(z.string()),
  outOfScope: z.array(z.string()),
  deliveryMode: z.enum(deliveryModes),
  siteIds: z.array(z.string()),
  pricingMode: z.enum(pricingModes),
  fixedPrice: QuantitySchema.nullable(),
  estimateLines: z.array(EstimateLineInput),
  minimumBillable: QuantitySchema,
  deliverables: z.array(
    z.object({ kind: z.enum(deliverableKinds), title: z.string(), dueDate: CalendarDate.nullable() }),
  ),
  proposedStart: z.string().nullable(),
  proposedEnd: z.string().nullable(),
  staffingPlan: z.array(StaffingLine),
  travelEstimate: Money.nullable(),
  assumptions: z.array(z.string()),
  customerResponsibilities: z.array(z.string()),
  preAuthorizedActions: z.array(z.string()),
};

export const WorkOrder = z
  .object({
    id: z.string(),
    number: z.string(),
    requestId: z.string(),
    organizationId: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    kind: z.enum(requestKinds),
    incidentType: z.enum(incidentTypes).nullable(),
    severity: z.enum(severities).nullable(),
    catalogItemName: z.string().nullable(),
    status: z.enum(workOrderStatuses).describe("The current version's status."),
    version: z.number().int().describe('The EWO version number, raised when a sent version is superseded.'),
    revision: z.number().int().describe('Raised by every edit of the draft (If-Match / `revision`).'),
    contentHash: z
      .string()
      .nullable()
      .describe('Once sent: SHA-256 of the RFC 8785 canonical JSON of the frozen version.'),
    sentAt: Instant.nullable(),
    approvalDeadline: Instant.nullable().describe('Set at sending; in a draft, only when chosen explicitly.'),
    approvalDeadlineDefault: z
      .string()
      .describe('What the deadline will be when none is chosen, e.g. "48 hours after sending".'),
    ...contentView,
    estimate: EstimateView,
    reservation: QuantitySchema.describe(
      'What approval reserves: the larger of the estimate and the minimum, or the fixed price.',
    ),
    balanceImpact: BalanceImpact.nullable().describe('Null once decided.'),
    decision: DecisionView.nullable(),
    engagementId: z.string().nullable(),
    rateCard: RateCardView.describe(
      "The rate card this version is priced with: frozen when it was sent; a draft shows the contract's card now.",
    ),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'WorkOrder' });

export const WorkOrderVersion = z
  .object({
    id: z.string(),
    workOrderId: z.string(),
    version: z.number().int(),
    status: z.enum(workOrderStatuses),
    statusReason: z.string().nullable(),
    contentHash: z.string().nullable(),
    sentAt: Instant.nullable(),
    sentBy: z.string().nullable(),
    approvalDeadline: Instant.nullable(),
    decidedAt: Instant.nullable(),
    frozen: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Exactly the document the content hash covers (sent versions).'),
    decision: DecisionView.nullable(),
    pdfAvailable: z.boolean(),
  })
  .meta({ id: 'WorkOrderVersion' });

export const VersionQuery = z.object({
  version: int32Param(1).optional().describe('Default: the latest sent version.'),
});
export const PdfQuery = VersionQuery.extend({
  format: z
    .enum(['pdf', 'base64'])
    .default('pdf')
    .describe('base64: the same file as JSON, for clients that cannot take a binary body.'),
});
export const PdfJson = z.object({
  filename: z.string(),
  contentType: z.literal('application/pdf'),
  version: z.number().int().nullable(),
  contentHash: z.string(),
  contentBase64: z.string(),
});

// ── Change orders ──────────────────────────────────────────────────────────────────────────────

export const CreateChangeOrderBody = z.object({
  reason: z.string().trim().min(1).max(4000),
  scope: z.string().trim().max(20_000).optional(),
  estimateDeltaLines: z.array(DeltaLineInput).min(1).max(100),
  approvalDeadline: InstantInput.nullable().optional(),
  ...plannedDateFields,
});
export type CreateChangeOrderBody = z.infer<typeof CreateChangeOrderBody>;

export const UpdateChangeOrderBody = z
  .object({
    reason: z.string().trim().min(1).max(4000).optional(),
    scope: z.string().trim().max(20_000).nullable().optional(),
    estimateDeltaLines: z.array(DeltaLineInput).min(1).max(100).optional(),
    approvalDeadline: InstantInput.nullable().optional(),
    ...plannedDatePatch,
    revision: RevisionInput.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'revision'), { message: 'give at least one field to change' });
export type UpdateChangeOrderBody = z.infer<typeof UpdateChangeOrderBody>;

export const ChangeOrderListQuery = z.object({
  status: z.enum(changeOrderStatuses).optional(),
  engagementId: Id.optional(),
});

export const ChangeOrder = z
  .object({
    id: z.string(),
    number: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    workOrderId: z.string(),
    organizationId: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    status: z.enum(changeOrderStatuses),
    statusReason: z.string().nullable(),
    revision: z.number().int(),
    supersedesId: z.string().nullable(),
    supersededById: z.string().nullable(),
    reason: z.string(),
    scope: z.string().nullable(),
    estimateDeltaLines: z.array(DeltaLineInput),
    delta: EstimateView.describe('The added effort in contract units (negative: reduced).'),
    estimateBefore: QuantitySchema,
    estimateAfter: QuantitySchema,
    consumed: QuantitySchema,
    contentHash: z.string().nullable(),
    sentAt: Instant.nullable(),
    approvalDeadline: Instant.nullable(),
    approvalDeadlineDefault: z.string(),
    ...plannedDateView,
    decidedAt: Instant.nullable(),
    balanceImpact: BalanceImpact.nullable(),
    decision: DecisionView.nullable(),
    rateCard: RateCardView.describe(
      "The rate card its delta is priced with (frozen when sent) and, once approved, its engagement's work converts with; a draft shows the contract's card now.",
    ),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'ChangeOrder' });

// ── Approval pages (signed link and portal) ────────────────────────────────────────────────────

export const approvalSubjects = ['work_order', 'change_order'] as const;
export type ApprovalSubject = (typeof approvalSubjects)[number];

/** Everything a person needs to decide, on one page: what, how many units, what is left after. */
export const ApprovalSummary = z
  .object({
    subject: z.enum(approvalSubjects),
    id: z.string().describe('The EWO (ewo_…) or change order (chg_…).'),
    number: z.string(),
    version: z.number().int().nullable(),
    title: z.string(),
    customerName: z.string(),
    contractNumber: z.string(),
    engagementNumber: z.string().nullable(),
    status: z.string().describe("The version's (or change order's) status."),
    awaitingDecision: z.boolean(),
    notice: z.string().nullable().describe('Why no decision can be taken, when none can.'),
    contentHash: z.string(),
    sentAt: Instant.nullable(),
    approvalDeadline: Instant.nullable(),
    scope: z.string(),
    reason: z.string().nullable().describe('Change orders: why the change is needed.'),
    facts: z
      .array(z.object({ label: z.string(), value: z.string() }))
      .describe('Delivery mode, dates, sites, pricing…'),
    lists: z
      .array(z.object({ label: z.string(), items: z.array(z.string()) }))
      .describe('In scope, deliverables, pre-authorised actions…'),
    units: QuantitySchema.describe('What approval reserves (change orders: the change of the reservation).'),
    unitsLabel: z.string(),
    balance: BalanceImpact.nullable(),
    topUp: z
      .object({ contractId: z.string(), shortfall: QuantitySchema })
      .nullable()
      .describe(
        'When the balance cannot cover approval: the contract to ask a top-up of, and the shortfall to ask for (POST /contracts/{id}/topup-requests, or /approval-links/{token}/topup-requests).',
      ),
    approver: z
      .object({ name: z.string(), canDecide: z.boolean() })
      .nullable()
      .describe('Signed links: the contact the link was sent to.'),
    decision: DecisionView.nullable(),
    allowedDecisions: z.array(z.enum(['approve', 'decline', 'request_changes'])),
  })
  .meta({ id: 'ApprovalSummary' });
export type ApprovalSummary = z.infer<typeof ApprovalSummary>;

export const LinkDecisionBody = z.object({
  decision: z
    .enum(['approve', 'decline', 'request_changes'])
    .describe('An explicit choice: opening the link never decides.'),
  reason: z.string().trim().min(1).max(4000).optional().describe('Required to decline or to ask for changes.'),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe('The hash shown on the page; refused when the version changed.'),
});
export type LinkDecisionBody = z.infer<typeof LinkDecisionBody>;

export const DecisionOutcome = z
  .object({
    subject: z.enum(approvalSubjects),
    id: z.string(),
    number: z.string(),
    status: z.string(),
    decision: DecisionView,
    engagementId: z.string().nullable(),
    reserved: QuantitySchema.nullable(),
    message: z.string(),
  })
  .meta({ id: 'DecisionOutcome' });

export const ApprovalListQuery = z.object({ subject: z.enum(approvalSubjects).optional() });
