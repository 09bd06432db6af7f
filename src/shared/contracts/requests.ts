import { z } from 'zod';
import { incidentTypes, requestKinds, severities, supportLevels } from '../domain.ts';
import { BusinessDate, CalendarDate, Instant, InstantInput, RevisionInput } from './common.ts';

/** Request lifecycle of domain.md; the field is `status`. */
export const requestStatuses = [
  'received',
  'scoping',
  'ewo_drafting',
  'awaiting_approval',
  'approved',
  'declined',
  'expired',
  'rejected',
  'withdrawn',
  'closed_advice_only',
  'closed',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const requestChannels = ['portal', 'api', 'hotline', 'email'] as const;
export type RequestChannel = (typeof requestChannels)[number];

/** Why an emergency request needs attention beyond its SLA: support level and contract state. */
export const requestFlags = ['advisory', 'not_covered', 'no_active_retainer'] as const;
export type RequestFlag = (typeof requestFlags)[number];

export const slaKinds = ['initial_contact', 'remote_start', 'onsite_arrival'] as const;
export type SlaKind = (typeof slaKinds)[number];

/** How an IR responder first contacted the customer (the "contacted" action). */
export const contactChannels = ['phone', 'email', 'video', 'in_person', 'chat'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/** What recorded a milestone: a hand entry, the "contacted" action, or an event of the work. */
export const milestoneSources = [
  'manual',
  'contacted',
  'triage',
  'scoping_call',
  'engagement_started',
  'check_in',
] as const;
export type MilestoneSource = (typeof milestoneSources)[number];

export const slaStatuses = ['pending', 'at_risk', 'met', 'breached'] as const;
export type SlaStatus = (typeof slaStatuses)[number];

export const scopingOutcomes = ['ewo_needed', 'advice_only', 'rejected'] as const;
export type ScopingOutcome = (typeof scopingOutcomes)[number];

export const scopingCallStatuses = ['scheduled', 'held', 'cancelled'] as const;

const Id = z.string().trim().min(1).max(64);

const intakeFields = {
  contractId: Id,
  description: z.string().trim().min(1).max(20_000),
  channel: z
    .enum(['hotline', 'email'])
    .optional()
    .describe('Provider staff logging a call or an email; portal and API requests are recorded as such automatically.'),
  receivedAt: InstantInput.optional().describe(
    'Provider staff: when the call or email came in (not in the future). The SLA clocks start here.',
  ),
  requesterContactId: Id.optional().describe('Provider staff: the contact who asked.'),
  onsiteRequired: z.boolean().default(false),
};

export const CreateRequestBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('emergency'),
    ...intakeFields,
    incidentType: z.enum(incidentTypes),
    severity: z.enum(severities),
    siteId: Id.optional().describe(
      "The customer's site concerned (staffing suggestions measure zone and distance to it); default its first site.",
    ),
  }),
  z.object({
    kind: z.literal('proactive'),
    ...intakeFields,
    catalogItemId: Id,
    desiredStart: BusinessDate.describe(
      "At least the lead time after the date the request is received, in the customer's time zone.",
    ),
  }),
]);
export type CreateRequestBody = z.infer<typeof CreateRequestBody>;

export const UpdateRequestBody = z
  .object({
    description: z.string().trim().min(1).max(20_000).optional(),
    severity: z.enum(severities).optional(),
    incidentType: z.enum(incidentTypes).optional(),
    onsiteRequired: z.boolean().optional(),
    contractId: Id.optional().describe(
      'Move the request to another contract of the same customer (before any EWO is approved).',
    ),
    reason: z.string().trim().min(1).max(2000).optional(),
    revision: RevisionInput.optional().describe('The revision you edited; a stale one is refused with STALE_REVISION.'),
  })
  .refine(
    (b) =>
      ['description', 'severity', 'incidentType', 'onsiteRequired', 'contractId'].some(
        (k) => k in b && b[k as keyof typeof b] !== undefined,
      ),
    {
      message: 'give at least one of description, severity, incidentType, onsiteRequired, contractId',
    },
  );
export type UpdateRequestBody = z.infer<typeof UpdateRequestBody>;

export const WithdrawBody = z.object({ reason: z.string().trim().min(1).max(2000).optional() });
export const RejectBody = z.object({ reason: z.string().trim().min(1).max(2000) });

export const MilestoneBody = z.object({
  kind: z.enum(slaKinds),
  at: InstantInput.optional().describe(
    'When the target was met; default now. Not in the future, not before receivedAt.',
  ),
  reason: z.string().trim().min(1).max(2000).optional().describe('Required to correct a milestone already recorded.'),
});

export const ContactedBody = z.object({
  channel: z.enum(contactChannels).describe('How the customer was contacted.'),
  at: InstantInput.optional().describe('When; default now. Not in the future, not before receivedAt.'),
});
export type ContactedBody = z.infer<typeof ContactedBody>;

export const TriageBody = z.object({
  ownerUserId: z.string().trim().min(1).max(100).optional().describe('The owner: an IR manager or consultant.'),
  ownerEmail: z.string().trim().min(3).max(320).optional().describe('Or the owner by e-mail address.'),
});
export type TriageBody = z.infer<typeof TriageBody>;

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

export const RequestListQuery = z.object({
  status: commaList(requestStatuses).optional().describe('One status or several, comma-separated.'),
  kind: z.enum(requestKinds).optional(),
  customerId: Id.optional(),
  contractId: Id.optional(),
  slaStatus: z
    .enum(slaStatuses)
    .optional()
    .describe("The request's worst SLA target status (breached, then at_risk, pending, met)."),
  sort: z
    .enum(['board', 'triage'])
    .optional()
    .describe(
      'board (default): emergencies first, then oldest first. triage: emergencies first, then by severity (P1 first), then by the earliest SLA due time not yet met.',
    ),
});

export const LeadTimeQuery = z.object({
  contractId: Id,
  catalogItemId: Id,
});

export const LeadTime = z
  .object({
    contractId: z.string(),
    catalogItemId: z.string(),
    leadTimeDays: z.number().int(),
    source: z.enum(['contract_override', 'catalog_item', 'firm_setting']),
    earliestStart: CalendarDate,
    timeZone: z.string(),
    today: CalendarDate.describe("Today's date in the customer's time zone."),
    contractActive: z.boolean(),
  })
  .meta({ id: 'LeadTime' });

export const SlaTargetView = z
  .object({
    kind: z.enum(slaKinds),
    targetMinutes: z.number().int(),
    dueAt: Instant,
    atRiskAt: Instant,
    status: z.enum(slaStatuses),
    metAt: Instant.nullable(),
  })
  .meta({ id: 'SlaTarget' });

export const RequestNotice = z.object({ code: z.enum(requestFlags), message: z.string() });

export const ServiceRequest = z
  .object({
    id: z.string(),
    number: z.string().describe('What people read and type, e.g. REQ-2026-0042.'),
    organizationId: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    kind: z.enum(requestKinds),
    status: z.enum(requestStatuses),
    statusReason: z.string().nullable(),
    channel: z.enum(requestChannels),
    catalogItemId: z.string().nullable(),
    catalogItemName: z.string().nullable(),
    incidentType: z.enum(incidentTypes).nullable(),
    severity: z.enum(severities).nullable(),
    onsiteRequired: z.boolean(),
    description: z.string(),
    receivedAt: Instant,
    timeZone: z.string().describe("The customer's time zone, in which lead times are counted."),
    desiredStart: CalendarDate.nullable(),
    leadTimeDays: z.number().int().nullable().describe('The lead time that applied when the request was received.'),
    earliestStart: CalendarDate.nullable(),
    supportLevel: z.enum(supportLevels).nullable(),
    flags: z.array(z.enum(requestFlags)),
    notices: z.array(RequestNotice).describe('What the flags mean for the customer.'),
    requesterContactId: z.string().nullable(),
    requesterUserId: z.string().nullable(),
    requesterName: z.string().nullable(),
    requesterPhone: z
      .string()
      .nullable()
      .describe("The requester's first phone number (staff only; null for customers)."),
    owner: z
      .object({ id: z.string().nullable(), name: z.string() })
      .nullable()
      .describe('The IR manager or consultant who owns the request (triage); customers see the name only (id null).'),
    slaStatus: z.enum(slaStatuses).nullable().describe('The worst status of its SLA targets; null without targets.'),
    slaTargets: z.array(SlaTargetView),
    revision: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'ServiceRequest' });
export type ServiceRequest = z.infer<typeof ServiceRequest>;

export const Milestone = z
  .object({
    id: z.string(),
    requestId: z.string(),
    kind: z.enum(slaKinds),
    at: Instant,
    reason: z.string().nullable(),
    channel: z.enum(contactChannels).nullable().describe('How the customer was contacted (initial contact).'),
    source: z.enum(milestoneSources).describe('What recorded it: by hand, or an event of the work.'),
    supersedesId: z.string().nullable(),
    current: z.boolean().describe('False once a correction supersedes it.'),
    recordedBy: z.string(),
    recordedAt: Instant,
  })
  .meta({ id: 'Milestone' });

export const ScopingAttendee = z.object({
  type: z.enum(['contact', 'user']),
  id: z.string(),
  name: z.string(),
  email: z.string(),
});

export const ScopingCall = z
  .object({
    id: z.string(),
    requestId: z.string(),
    status: z.enum(scopingCallStatuses),
    startsAt: Instant,
    endsAt: Instant,
    durationMinutes: z.number().int(),
    timeZone: z.string(),
    joinInfo: z.string(),
    attendees: z.array(ScopingAttendee),
    organizer: z.object({ userId: z.string(), name: z.string(), email: z.string() }),
    icalUid: z.string(),
    sequence: z.number().int(),
    notes: z.string().nullable().describe('Provider staff only.'),
    outcome: z.enum(scopingOutcomes).nullable(),
    outcomeReason: z.string().nullable(),
    outcomeAt: Instant.nullable(),
    cancelledAt: Instant.nullable(),
    revision: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'ScopingCall' });
export type ScopingCall = z.infer<typeof ScopingCall>;

export const TimelineEntry = z.object({
  at: Instant,
  type: z.enum(['event', 'milestone', 'scoping_call']),
  action: z.string(),
  actor: z.string().nullable(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const ServiceRequestDetail = ServiceRequest.extend({
  milestones: z.array(Milestone),
  scopingCalls: z.array(ScopingCall),
  timeline: z.array(TimelineEntry),
}).meta({ id: 'ServiceRequestDetail' });

export const CallParams = z.object({ id: Id, callId: Id });

export const BookScopingCallBody = z.object({
  startsAt: InstantInput,
  durationMinutes: z.number().int().min(5).max(480),
  attendees: z.array(Id).min(1).max(50).describe('Contact ids (con_…) and user ids (usr_…).'),
  joinInfo: z.string().trim().max(2000).default(''),
  notes: z.string().max(20_000).optional(),
});

export const UpdateScopingCallBody = z
  .object({
    startsAt: InstantInput.optional(),
    durationMinutes: z.number().int().min(5).max(480).optional(),
    attendees: z.array(Id).min(1).max(50).optional(),
    joinInfo: z.string().trim().max(2000).optional(),
    notes: z.string().max(20_000).optional(),
    outcome: z
      .enum(scopingOutcomes)
      .optional()
      .describe(
        'ewo_needed moves the request to ewo_drafting, advice_only closes it, rejected rejects it (reason required).',
      ),
    reason: z.string().trim().min(1).max(2000).optional(),
    revision: RevisionInput.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'revision' && k !== 'reason'), {
    message: 'give at least one field to change',
  });
export type UpdateScopingCallBody = z.infer<typeof UpdateScopingCallBody>;

export const SlaReportQuery = z.object({
  contractId: Id.optional(),
  from: BusinessDate.optional().describe('First day (customer time zone) of requests received.'),
  to: BusinessDate.optional().describe('Last day, inclusive.'),
});

export const SlaReport = z
  .object({
    contractId: z.string().nullable(),
    from: CalendarDate.nullable(),
    to: CalendarDate.nullable(),
    timeZone: z.string(),
    requests: z.number().int(),
    targets: z.array(
      z.object({
        kind: z.enum(slaKinds),
        total: z.number().int(),
        met: z.number().int(),
        breached: z.number().int(),
        atRisk: z.number().int(),
        pending: z.number().int(),
        medianMinutesToMeet: z
          .number()
          .nullable()
          .describe('Median of receivedAt → met, over targets met (on time or late).'),
      }),
    ),
  })
  .meta({ id: 'SlaReport' });
