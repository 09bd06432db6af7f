import { z } from 'zod';
import { incidentTypes, requestKinds, severities } from '../domain.ts';
import { CalendarDate, Instant, QuantitySchema } from './common.ts';
import { EngagementStatus } from './engagements.ts';
import { requestStatuses, slaKinds, slaStatuses } from './requests.ts';
import { BookingMode } from './staffing.ts';
import { ContractUnit } from './contracts.ts';

/** An open request as a home card lists it: what it is, its state and its SLA clock. */
export const HomeRequest = z
  .object({
    id: z.string(),
    number: z.string().describe('The request number, REQ-YYYY-NNNN.'),
    customerName: z.string(),
    kind: z.enum(requestKinds),
    status: z.enum(requestStatuses),
    severity: z.enum(severities).nullable(),
    incidentType: z.enum(incidentTypes).nullable(),
    catalogItemName: z.string().nullable(),
    receivedAt: Instant,
    slaStatus: z.enum(slaStatuses).nullable().describe('The worst status of its SLA targets; null without targets.'),
    nextDue: z
      .object({ kind: z.enum(slaKinds), dueAt: Instant })
      .nullable()
      .describe('The earliest SLA target not yet met.'),
  })
  .meta({ id: 'HomeRequest' });

/** A request in the IR manager's triage queue: a home request with whom to call and who owns it (as the board shows). */
export const TriageRequest = HomeRequest.extend({
  requesterName: z.string().nullable(),
  requesterPhone: z.string().nullable().describe("The requester's first phone number; null without one."),
  owner: z
    .object({ name: z.string() })
    .nullable()
    .describe('The IR manager or consultant who owns the request; null before triage.'),
}).meta({ id: 'TriageRequest' });

/** An SLA target at risk (or already past due and not met) on an open request. */
export const HomeSlaTarget = z
  .object({
    requestId: z.string(),
    requestNumber: z.string(),
    customerName: z.string(),
    severity: z.enum(severities).nullable(),
    incidentType: z.enum(incidentTypes).nullable(),
    catalogItemName: z.string().nullable(),
    kind: z.enum(slaKinds),
    status: z.enum(slaStatuses),
    dueAt: Instant,
  })
  .meta({ id: 'HomeSlaTarget' });

/** An engagement with how much of its estimate is consumed. */
export const HomeEngagement = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    status: EngagementStatus,
    customerName: z.string(),
    estimate: QuantitySchema,
    consumed: QuantitySchema,
    percentOfEstimate: z.number().describe('Consumed as a percentage of the estimate (0 without an estimate).'),
    plannedStart: Instant.nullable(),
    plannedEnd: Instant.nullable(),
  })
  .meta({ id: 'HomeEngagement' });

/** An EWO or change order sent to the customer and not decided yet. */
export const HomeApproval = z
  .object({
    kind: z.enum(['work_order', 'change_order']),
    id: z.string(),
    number: z.string(),
    customerName: z.string(),
    engagementId: z.string().nullable().describe('Change orders: the engagement they change.'),
    engagementNumber: z.string().nullable(),
    sentAt: Instant.nullable(),
    approvalDeadline: Instant.nullable(),
  })
  .meta({ id: 'HomeApproval' });

/** The latest statement of one of the customer's retainers. */
export const HomeStatement = z
  .object({
    id: z.string(),
    number: z.string(),
    contractNumber: z.string(),
    period: z.string().describe('YYYY-MM.'),
    closing: QuantitySchema,
    available: QuantitySchema,
  })
  .meta({ id: 'HomeStatement' });

/** One of the consultant's bookings of the coming seven days. */
export const HomeBooking = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    engagementTitle: z.string(),
    start: Instant,
    end: Instant,
    mode: BookingMode,
    siteName: z.string().nullable(),
  })
  .meta({ id: 'HomeBooking' });

/** A retainer near a consumption alert threshold or its term's end. */
export const HomeContractAlert = z
  .object({
    id: z.string(),
    number: z.string(),
    customerName: z.string(),
    unit: ContractUnit,
    percentConsumed: z.number(),
    available: QuantitySchema,
    threshold: z
      .number()
      .int()
      .nullable()
      .describe('The alert threshold (percent consumed) reached or within 10 points; null when only the term is near.'),
    termEnd: CalendarDate,
    daysLeft: z.number().int(),
    termEndNear: z.boolean().describe('The term ends within 90 days.'),
  })
  .meta({ id: 'HomeContractAlert' });

export const CustomerHome = z
  .object({
    openRequests: z.array(HomeRequest).describe('Requests before approval and approved ones (engagement under way).'),
    engagements: z.array(HomeEngagement).describe('Engagements scheduled, in progress, on hold or delivering.'),
    approvals: z.array(HomeApproval),
    latestStatement: HomeStatement.nullable(),
  })
  .meta({ id: 'CustomerHome' });

export const ManagerHome = z
  .object({
    triage: z
      .array(TriageRequest)
      .describe(
        'Requests before approval (received, scoping, EWO drafting, awaiting approval) by severity (P1 first), then the earliest SLA due time.',
      ),
    atRisk: z.array(HomeSlaTarget),
    awaitingCustomer: z.array(HomeApproval),
    unbooked: z.array(HomeEngagement).describe('Active engagements with no booking from today on.'),
  })
  .meta({ id: 'ManagerHome' });

export const ConsultantHome = z
  .object({
    engagements: z.array(HomeEngagement),
    week: z.array(HomeBooking).describe("Bookings of the seven days from today, in the consultant's time zone."),
    weekFrom: CalendarDate.describe("Today in the consultant's time zone: the first day of `week`."),
    timeZone: z.string(),
    daysWithoutTime: z.array(CalendarDate).describe('Working days (Mon–Fri) of the last two weeks with no effort.'),
  })
  .meta({ id: 'ConsultantHome' });

export const AccountManagerHome = z
  .object({ contracts: z.array(HomeContractAlert) })
  .meta({ id: 'AccountManagerHome' });

/** The caller's home page: the cards of its role (admins: the IR manager's and the account manager's). */
export const Home = z
  .object({
    customer: CustomerHome.nullable(),
    manager: ManagerHome.nullable(),
    consultant: ConsultantHome.nullable(),
    accountManager: AccountManagerHome.nullable(),
  })
  .meta({ id: 'Home' });
export type Home = z.infer<typeof Home>;
export type HomeRequest = z.infer<typeof HomeRequest>;
export type TriageRequest = z.infer<typeof TriageRequest>;
export type HomeEngagement = z.infer<typeof HomeEngagement>;
export type HomeApproval = z.infer<typeof HomeApproval>;
export type HomeSlaTarget = z.infer<typeof HomeSlaTarget>;
export type HomeBooking = z.infer<typeof HomeBooking>;
export type HomeContractAlert = z.infer<typeof HomeContractAlert>;
