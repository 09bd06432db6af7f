import { slaKinds, type SlaKind } from '../../shared/contracts/requests.ts';
import { slaStatus, worstSlaStatus } from '../../shared/sla.ts';
import { localDate } from '../ledger/ledger.rules.ts';
import { noticesFor } from './requests.rules.ts';
import type { MilestoneRow, RequestWithNames, TargetRow } from './requests.repo.ts';
import type { ScopingCallRow } from './scoping.repo.ts';

const slaLabels: Record<SlaKind, string> = {
  initial_contact: 'Initial contact',
  remote_start: 'Remote work started',
  onsite_arrival: 'On-site arrival',
};

/** A request as the API shows it; SLA statuses are computed at `now` (the injected clock). */
export function toRequestView(r: RequestWithNames, targets: TargetRow[], now: Date) {
  const slaTargets = slaKinds.flatMap((kind) => {
    const t = targets.find((x) => x.request_id === r.id && x.kind === kind);
    if (!t) return [];
    const status = slaStatus(
      { dueAt: t.due_at, atRiskAt: t.at_risk_at, metAt: t.met_at, stoppedAt: r.clocks_stopped_at },
      now,
    );
    return [
      { kind, targetMinutes: t.target_minutes, dueAt: t.due_at, atRiskAt: t.at_risk_at, status, metAt: t.met_at },
    ];
  });
  return {
    id: r.id,
    organizationId: r.organization_id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    contractId: r.contract_id,
    contractNumber: r.contract_number,
    kind: r.kind,
    status: r.status,
    statusReason: r.status_reason,
    channel: r.channel,
    catalogItemId: r.catalog_item_id,
    catalogItemName: r.catalog_item_name,
    incidentType: r.incident_type,
    severity: r.severity,
    onsiteRequired: r.onsite_required,
    description: r.description,
    receivedAt: r.received_at,
    timeZone: r.time_zone,
    desiredStart: r.desired_start,
    leadTimeDays: r.lead_time_days,
    earliestStart: r.earliest_start,
    supportLevel: r.support_level,
    flags: r.flags,
    notices: noticesFor(r.flags, {
      number: r.contract_number,
      termStart: r.term_start,
      termEnd: r.term_end,
      incidentType: r.incident_type,
      receivedDate: localDate(r.received_at, r.time_zone),
    }),
    requesterContactId: r.requester_contact_id,
    requesterUserId: r.requester_user_id,
    requesterName: r.requester_name,
    slaStatus: worstSlaStatus(slaTargets.map((t) => t.status)),
    slaTargets,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type RequestView = ReturnType<typeof toRequestView>;

export function toMilestoneView(m: MilestoneRow, all: MilestoneRow[]) {
  return {
    id: m.id,
    requestId: m.request_id,
    kind: m.kind,
    at: m.at,
    reason: m.reason,
    supersedesId: m.supersedes_id,
    current: !all.some((x) => x.supersedes_id === m.id),
    recordedBy: m.recorded_by_label,
    recordedAt: m.recorded_at,
  };
}

/** A scoping call; its notes are for provider staff only. */
export function toScopingCallView(c: ScopingCallRow, showNotes: boolean) {
  return {
    id: c.id,
    requestId: c.request_id,
    status: c.status,
    startsAt: c.starts_at,
    endsAt: new Date(c.starts_at.getTime() + c.duration_minutes * 60_000),
    durationMinutes: c.duration_minutes,
    timeZone: c.time_zone,
    joinInfo: c.join_info,
    attendees: c.attendees,
    organizer: { userId: c.organizer_user_id, name: c.organizer_name, email: c.organizer_email },
    icalUid: c.ical_uid,
    sequence: c.sequence,
    notes: showNotes ? c.notes : null,
    outcome: c.outcome,
    outcomeReason: c.outcome_reason,
    outcomeAt: c.outcome_at,
    cancelledAt: c.cancelled_at,
    revision: c.revision,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

interface AuditLike {
  at: Date;
  action: string;
  actor_label: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const str = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

function summarize(e: AuditLike): string {
  const a = e.after ?? {};
  const b = e.before ?? {};
  const reason = a['reason'] ? `: ${str(a['reason'])}` : '';
  switch (e.action) {
    case 'request.created':
      return `Request received via ${str(a['channel'])}`;
    case 'request.status_changed':
      return `Status ${str(b['status'])} → ${str(a['status'])}${reason}`;
    case 'request.updated':
      return `Corrected ${Object.keys(a)
        .filter((k) => k !== 'reason')
        .join(', ')}${reason}`;
    case 'scoping_call.booked':
      return `Scoping call booked for ${str(a['startsAt'])}`;
    case 'scoping_call.rescheduled':
      return `Scoping call moved to ${str(a['startsAt'])}`;
    case 'scoping_call.cancelled':
      return 'Scoping call cancelled';
    case 'scoping_call.outcome_set':
      return `Scoping outcome: ${str(a['outcome'])}${reason}`;
    case 'scoping_call.updated':
      return 'Scoping call notes updated';
    default:
      return e.action;
  }
}

/** The request's story in time order: audit events, milestones met, and scoping calls at their time. */
export function buildTimeline(events: AuditLike[], milestones: MilestoneRow[], calls: ScopingCallRow[]) {
  const entries = [
    ...events
      .filter((e) => !e.action.startsWith('request.milestone'))
      .map((e) => ({
        at: e.at,
        type: 'event' as const,
        action: e.action,
        actor: e.actor_label,
        summary: summarize(e),
        data: e.after,
      })),
    ...milestones.map((m) => ({
      at: m.at,
      type: 'milestone' as const,
      action: m.supersedes_id ? 'milestone.corrected' : 'milestone.met',
      actor: m.recorded_by_label,
      summary: `${slaLabels[m.kind]}${m.supersedes_id ? ' (corrected)' : ''}${m.reason ? `: ${m.reason}` : ''}`,
      data: { kind: m.kind, milestoneId: m.id },
    })),
    ...calls.map((c) => ({
      at: c.starts_at,
      type: 'scoping_call' as const,
      action: `scoping_call.${c.status}`,
      actor: c.organizer_name,
      summary: `Scoping call (${c.duration_minutes} min), ${c.status}${c.outcome ? `, outcome ${c.outcome}` : ''}`,
      data: { callId: c.id },
    })),
  ];
  return entries.sort((x, y) => x.at.getTime() - y.at.getTime());
}
