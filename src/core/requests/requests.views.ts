import { slaKinds } from '../../shared/contracts/requests.ts';
import { slaStatus, worstSlaStatus } from '../../shared/sla.ts';
import { localDate } from '../../shared/dates.ts';
import { noticesFor } from './requests.rules.ts';
import type { MilestoneRow, RequestWithNames, TargetRow } from './requests.repo.ts';
import type { ScopingCallRow } from './scoping.repo.ts';

/** A request as the API shows it; SLA statuses are computed at `now` (the injected clock). */
export function toRequestView(request: RequestWithNames, targets: TargetRow[], now: Date, staff = true) {
  const slaTargets = slaKinds.flatMap((kind) => {
    const target = targets.find((candidate) => candidate.request_id === request.id && candidate.kind === kind);
    if (!target) return [];
    const status = slaStatus(
      { dueAt: target.due_at, atRiskAt: target.at_risk_at, metAt: target.met_at, stoppedAt: request.clocks_stopped_at },
      now,
    );
    return [
      {
        kind,
        targetMinutes: target.target_minutes,
        dueAt: target.due_at,
        atRiskAt: target.at_risk_at,
        status,
        metAt: target.met_at,
      },
    ];
  });
  return {
    id: request.id,
    number: request.number,
    organizationId: request.organization_id,
    customerId: request.customer_id,
    customerName: request.customer_name,
    contractId: request.contract_id,
    contractNumber: request.contract_number,
    kind: request.kind,
    status: request.status,
    statusReason: request.status_reason,
    channel: request.channel,
    catalogItemId: request.catalog_item_id,
    catalogItemName: request.catalog_item_name,
    incidentType: request.incident_type,
    severity: request.severity,
    onsiteRequired: request.onsite_required,
    description: request.description,
    receivedAt: request.received_at,
    timeZone: request.time_zone,
    desiredStart: request.desired_start,
    leadTimeDays: request.lead_time_days,
    earliestStart: request.earliest_start,
    supportLevel: request.support_level,
    flags: request.flags,
    notices: noticesFor(request.flags, {
      number: request.contract_number,
      termStart: request.term_start,
      termEnd: request.term_end,
      incidentType: request.incident_type,
      receivedDate: localDate(request.received_at, request.time_zone),
    }),
    requesterContactId: request.requester_contact_id,
    requesterUserId: request.requester_user_id,
    requesterName: request.requester_name,
    requesterPhone: staff ? request.requester_phone : null,
    owner: request.owner_name ? { id: staff ? request.owner_user_id : null, name: request.owner_name } : null,
    slaStatus: worstSlaStatus(slaTargets.map((view) => view.status)),
    slaTargets,
    revision: request.revision,
    createdAt: request.created_at,
    updatedAt: request.updated_at,
  };
}
export type RequestView = ReturnType<typeof toRequestView>;

export function toMilestoneView(milestone: MilestoneRow, all: MilestoneRow[]) {
  return {
    id: milestone.id,
    requestId: milestone.request_id,
    kind: milestone.kind,
    at: milestone.at,
    reason: milestone.reason,
    channel: milestone.channel,
    source: milestone.source,
    supersedesId: milestone.supersedes_id,
    current: !all.some((other) => other.supersedes_id === milestone.id),
    recordedBy: milestone.recorded_by_label,
    recordedAt: milestone.recorded_at,
  };
}

/** A scoping call; its notes are for provider staff only. */
export function toScopingCallView(call: ScopingCallRow, showNotes: boolean) {
  return {
    id: call.id,
    requestId: call.request_id,
    status: call.status,
    startsAt: call.starts_at,
    endsAt: new Date(call.starts_at.getTime() + call.duration_minutes * 60_000),
    durationMinutes: call.duration_minutes,
    timeZone: call.time_zone,
    joinInfo: call.join_info,
    attendees: call.attendees,
    organizer: { userId: call.organizer_user_id, name: call.organizer_name, email: call.organizer_email },
    icalUid: call.ical_uid,
    sequence: call.sequence,
    notes: showNotes ? call.notes : null,
    outcome: call.outcome,
    outcomeReason: call.outcome_reason,
    outcomeAt: call.outcome_at,
    cancelledAt: call.cancelled_at,
    revision: call.revision,
    createdAt: call.created_at,
    updatedAt: call.updated_at,
  };
}
