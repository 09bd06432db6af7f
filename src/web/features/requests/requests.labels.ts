import type { MantineColor } from '@mantine/core';
import { canTransition, stopsClocks } from '../../../shared/requests.ts';
import type { DeliverableKind, IncidentType, Severity } from '../../../shared/domain.ts';
import type {
  RequestChannel,
  RequestFlag,
  RequestStatus,
  ScopingOutcome,
  SlaKind,
  SlaStatus,
} from './requests.types.ts';
import { labels, severityDescription } from '../../../shared/labels.ts';

/** Every request status, in lifecycle order (the values of contracts/requests.ts `requestStatuses`). */
export const requestStatusList = [
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
] as const satisfies readonly RequestStatus[];

/** Requests still being worked on: the board's default view. */
export const openStatuses = [
  'received',
  'scoping',
  'ewo_drafting',
  'awaiting_approval',
] as const satisfies readonly RequestStatus[];

export const slaKindList = ['initial_contact', 'remote_start', 'onsite_arrival'] as const satisfies readonly SlaKind[];
export const slaStatusList = ['pending', 'at_risk', 'met', 'breached'] as const satisfies readonly SlaStatus[];
export const scopingOutcomeList = [
  'ewo_needed',
  'advice_only',
  'rejected',
] as const satisfies readonly ScopingOutcome[];

export const requestStatusLabels: Record<RequestStatus, string> = labels.requestStatus;

export const requestStatusColors: Record<RequestStatus, MantineColor> = {
  received: 'blue',
  scoping: 'cyan',
  ewo_drafting: 'indigo',
  awaiting_approval: 'yellow',
  approved: 'green',
  declined: 'red',
  expired: 'orange',
  rejected: 'gray',
  withdrawn: 'gray',
  closed_advice_only: 'teal',
  closed: 'gray',
};

/** Ended (without an engagement, or with it closed or cancelled): the server stops the SLA clocks (its own rule). */
export const clocksStopped = stopsClocks;
/** The customer (or an IR manager for them) may withdraw: the lifecycle allows `withdrawn` from here. */
export const canWithdraw = (status: RequestStatus): boolean => canTransition(status, 'withdrawn');
/** The firm may reject: the lifecycle allows `rejected` from here. */
export const canReject = (status: RequestStatus): boolean => canTransition(status, 'rejected');

export const incidentTypeLabels: Record<IncidentType, string> = labels.incidentType;

/** Severities in words a person under stress can choose from. */
export const severityInfo: Record<Severity, { label: string; description: string; color: MantineColor }> = {
  P1: { label: labels.severity.P1, description: severityDescription.P1, color: 'red' },
  P2: { label: labels.severity.P2, description: severityDescription.P2, color: 'orange' },
  P3: { label: labels.severity.P3, description: severityDescription.P3, color: 'yellow' },
  P4: { label: labels.severity.P4, description: severityDescription.P4, color: 'gray' },
};

export const slaKindLabels: Record<SlaKind, string> = labels.slaKind;

export const slaStatusLabels: Record<SlaStatus, string> = labels.slaStatus;
export const slaStatusColors: Record<SlaStatus, MantineColor> = {
  pending: 'blue',
  at_risk: 'orange',
  met: 'green',
  breached: 'red',
};

export const channelLabels: Record<RequestChannel, string> = labels.requestChannel;

export const flagLabels: Record<RequestFlag, string> = labels.requestFlag;

export const scopingOutcomeLabels: Record<ScopingOutcome, string> = labels.scopingOutcome;

export const deliverableLabels: Record<DeliverableKind, string> = labels.deliverableKind;

/** "Minutes of a target" in words: 60 → "1 h", 90 → "1 h 30 min", 2880 → "48 h". */
export function targetDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** What a request is about, in a few words: "P1 ransomware" or the catalog service. */
export function requestTitle(request: {
  kind: 'emergency' | 'proactive';
  severity: Severity | null;
  incidentType: IncidentType | null;
  catalogItemName: string | null;
}): string {
  if (request.kind === 'emergency')
    return `${request.severity ?? ''} ${request.incidentType ? incidentTypeLabels[request.incidentType].toLowerCase() : 'incident'}`.trim();
  return request.catalogItemName ?? 'Proactive service';
}
