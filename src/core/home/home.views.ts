import type {
  HomeApproval,
  HomeEngagement,
  HomeRequest,
  HomeSlaTarget,
  TriageRequest,
} from '../../shared/contracts/home.ts';
import type { SlaKind, SlaStatus } from '../../shared/contracts/requests.ts';
import { nextDue } from './home.rules.ts';

/** An instant as services hand it over (a Date, or already an ISO string). */
type At = Date | string;
const iso = (at: At): string => (typeof at === 'string' ? at : at.toISOString());
const isoOrNull = (at: At | null): string | null => (at === null ? null : iso(at));

/** What a home card needs of a request view (requests.list's items). */
type RequestLike = Pick<
  HomeRequest,
  'id' | 'number' | 'customerName' | 'kind' | 'status' | 'severity' | 'incidentType' | 'catalogItemName' | 'slaStatus'
> & {
  receivedAt: At;
  slaTargets: readonly { kind: SlaKind; dueAt: At; status: SlaStatus; metAt: At | null }[];
};

/** An open request as a home card lists it. */
export const homeRequestOf = (r: RequestLike): HomeRequest => ({
  id: r.id,
  number: r.number,
  customerName: r.customerName,
  kind: r.kind,
  status: r.status,
  severity: r.severity,
  incidentType: r.incidentType,
  catalogItemName: r.catalogItemName,
  receivedAt: iso(r.receivedAt),
  slaStatus: r.slaStatus,
  nextDue: nextDue(r.slaTargets.map((t) => ({ kind: t.kind, dueAt: iso(t.dueAt), status: t.status }))),
});

/** A request of the triage queue: the home request with its requester's name and phone and its owner's name. */
export const triageRequestOf = (
  r: RequestLike & {
    requesterName: string | null;
    requesterPhone: string | null;
    owner: { name: string } | null;
  },
): TriageRequest => ({
  ...homeRequestOf(r),
  requesterName: r.requesterName,
  requesterPhone: r.requesterPhone,
  owner: r.owner ? { name: r.owner.name } : null,
});

/** The request's targets at risk, or past due and not met. */
export const atRiskTargetsOf = (r: RequestLike): HomeSlaTarget[] =>
  r.slaTargets
    .filter((t) => t.status === 'at_risk' || (t.status === 'breached' && t.metAt === null))
    .map((t) => ({
      requestId: r.id,
      requestNumber: r.number,
      customerName: r.customerName,
      severity: r.severity,
      incidentType: r.incidentType,
      catalogItemName: r.catalogItemName,
      kind: t.kind,
      status: t.status,
      dueAt: iso(t.dueAt),
    }));

/** An engagement with its consumption against the estimate. */
export const homeEngagementOf = (
  e: Pick<HomeEngagement, 'id' | 'number' | 'title' | 'status' | 'customerName' | 'estimate' | 'consumed'> & {
    plannedStart: At | null;
    plannedEnd: At | null;
  },
): HomeEngagement => ({
  id: e.id,
  number: e.number,
  title: e.title,
  status: e.status,
  customerName: e.customerName,
  estimate: e.estimate,
  consumed: e.consumed,
  percentOfEstimate: e.estimate.amount > 0 ? Math.round((e.consumed.amount * 10_000) / e.estimate.amount) / 100 : 0,
  plannedStart: isoOrNull(e.plannedStart),
  plannedEnd: isoOrNull(e.plannedEnd),
});

/** What an approval card needs of an EWO or change order view. */
interface SentDocument {
  id: string;
  number: string;
  customerName: string;
  sentAt: At | null;
  approvalDeadline: At | null;
}

export const workOrderApprovalOf = (w: SentDocument): HomeApproval => ({
  kind: 'work_order',
  id: w.id,
  number: w.number,
  customerName: w.customerName,
  engagementId: null,
  engagementNumber: null,
  sentAt: isoOrNull(w.sentAt),
  approvalDeadline: isoOrNull(w.approvalDeadline),
});

export const changeOrderApprovalOf = (
  c: SentDocument & { engagementId: string; engagementNumber: string },
): HomeApproval => ({
  kind: 'change_order',
  id: c.id,
  number: c.number,
  customerName: c.customerName,
  engagementId: c.engagementId,
  engagementNumber: c.engagementNumber,
  sentAt: isoOrNull(c.sentAt),
  approvalDeadline: isoOrNull(c.approvalDeadline),
});

/** Approvals by deadline, the nearest first (none last). */
export const byDeadline = (a: HomeApproval, b: HomeApproval): number => {
  const at = (x: HomeApproval) => (x.approvalDeadline ? Date.parse(x.approvalDeadline) : Number.POSITIVE_INFINITY);
  return at(a) === at(b) ? 0 : at(a) < at(b) ? -1 : 1;
};
