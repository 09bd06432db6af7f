import { zonedTime } from '../../shared/dates.ts';
import { fieldLabel, humanize, label } from '../../shared/labels.ts';
import { contactChannelLabels } from './requests.rules.ts';
import type { MilestoneRow } from './requests.repo.ts';
import type { ScopingCallRow } from './scoping.repo.ts';

/**
 * The request's timeline as people read it (issue 16): every entry a sentence, statuses, channels and outcomes
 * by their labels, times in a named zone, people by name. Never a slug, an ISO instant or an internal id.
 */

/** An audit event of the request or of one of its scoping calls. */
export interface AuditLike {
  at: Date;
  action: string;
  actor_label: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Every audit action the timeline shows as an event (milestone events show as milestones instead). */
export const timelineActions = [
  'request.created',
  'request.status_changed',
  'request.updated',
  'request.contacted',
  'request.owner_assigned',
  'scoping_call.booked',
  'scoping_call.rescheduled',
  'scoping_call.cancelled',
  'scoping_call.outcome_set',
  'scoping_call.updated',
] as const;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A time in the zone, named: "09:30 on Tue 8 Dec 2026 (America/Chicago)"; empty when the value is no instant. */
function when(v: unknown, timeZone: string): string {
  const at = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : null;
  return at && !Number.isNaN(at.getTime()) ? zonedTime(at, timeZone) : '';
}

/** Who acted, by name: "Maria Keller <maria@…>" → "Maria Keller"; the product's own jobs as "IMR Desk". */
export function actorName(actorLabel: string | null): string | null {
  if (!actorLabel) return null;
  if (actorLabel.startsWith('system:')) return 'IMR Desk (automatic)';
  return actorLabel.replace(/\s*\(contact\)$/, '').replace(/\s*<[^>]*>$/, '') || null;
}

/** The corrected fields of a request by their form labels: "incident_type, severity" → "Incident type, Severity". */
const correctedFields = (after: Record<string, unknown>): string =>
  Object.keys(after)
    .filter((key) => key !== 'reason')
    .map((key) => fieldLabel(key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())))
    .join(', ');

const contactLabel = (channel: string): string =>
  Object.hasOwn(contactChannelLabels, channel)
    ? contactChannelLabels[channel as keyof typeof contactChannelLabels]
    : humanize(channel).toLowerCase();

/** One audit event in a sentence. */
export function summarize(event: AuditLike, timeZone: string): string {
  const after = event.after ?? {};
  const before = event.before ?? {};
  const reason = text(after['reason']) ? `: ${text(after['reason'])}` : '';
  switch (event.action) {
    case 'request.created':
      return `Request received via ${label('requestChannel', text(after['channel'])).toLowerCase()}`;
    case 'request.status_changed':
      return `Status: ${label('requestStatus', text(before['status']))} → ${label('requestStatus', text(after['status']))}${reason}`;
    case 'request.updated': {
      const fields = correctedFields(after);
      return `${fields ? `Corrected ${fields}` : 'Corrected the request'}${reason}`;
    }
    case 'scoping_call.booked':
      return `Scoping call booked for ${when(after['startsAt'], timeZone)}`;
    case 'scoping_call.rescheduled':
      return `Scoping call moved to ${when(after['startsAt'], timeZone)}`;
    case 'scoping_call.cancelled':
      return 'Scoping call cancelled';
    case 'scoping_call.outcome_set':
      return `Scoping outcome: ${label('scopingOutcome', text(after['outcome']))}${reason}`;
    case 'scoping_call.updated':
      return 'Scoping call notes updated';
    case 'request.contacted': {
      const how = text(after['channelLabel']) || contactLabel(text(after['channel']));
      return `Customer contacted ${how === 'in person' ? how : `by ${how}`}`;
    }
    case 'request.owner_assigned':
      return `Owner: ${text(after['ownerName']) || 'assigned'}`;
    default:
      // An action added later reads as its words until it gets its own sentence, never as its slug.
      return humanize(event.action.replace(/[._]/g, ' '));
  }
}

const milestoneSummary = (milestone: MilestoneRow): string =>
  `${label('slaKind', milestone.kind)}${milestone.supersedes_id ? ' (corrected)' : ''}${milestone.reason ? `: ${milestone.reason}` : ''}`;

function callSummary(call: ScopingCallRow): string {
  const outcome = call.outcome ? `, outcome: ${label('scopingOutcome', call.outcome)}` : '';
  return `Scoping call (${call.duration_minutes} min), ${label('scopingCallStatus', call.status).toLowerCase()}${outcome}`;
}

/**
 * The request's story in time order: audit events, milestones met, and scoping calls at their time. Times in
 * the sentences are in `timeZone` (the request's customer's), named; the web shows each entry's own time in
 * its reader's zone. `data` carries what the web needs to rewrite a sentence (a call's start, a status).
 */
export function buildTimeline(
  events: AuditLike[],
  milestones: MilestoneRow[],
  calls: ScopingCallRow[],
  timeZone: string,
) {
  const entries = [
    ...events
      .filter((event) => !event.action.startsWith('request.milestone'))
      .map((event) => ({
        at: event.at,
        type: 'event' as const,
        action: event.action,
        actor: actorName(event.actor_label),
        summary: summarize(event, timeZone),
        data: event.after,
      })),
    ...milestones.map((milestone) => ({
      at: milestone.at,
      type: 'milestone' as const,
      action: milestone.supersedes_id ? 'milestone.corrected' : 'milestone.met',
      actor: actorName(milestone.recorded_by_label),
      summary: milestoneSummary(milestone),
      data: { kind: milestone.kind, milestoneId: milestone.id },
    })),
    ...calls.map((call) => ({
      at: call.starts_at,
      type: 'scoping_call' as const,
      action: `scoping_call.${call.status}`,
      actor: call.organizer_name,
      summary: callSummary(call),
      data: { callId: call.id },
    })),
  ];
  return entries.sort((left, right) => left.at.getTime() - right.at.getTime());
}
