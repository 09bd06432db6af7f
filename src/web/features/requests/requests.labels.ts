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

export const requestStatusLabels: Record<RequestStatus, string> = {
  received: 'Received',
  scoping: 'Scoping',
  ewo_drafting: 'EWO drafting',
  awaiting_approval: 'Awaiting approval',
  approved: 'Approved',
  declined: 'Declined',
  expired: 'Expired',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  closed_advice_only: 'Closed with advice',
  closed: 'Closed',
};

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

export const incidentTypeLabels: Record<IncidentType, string> = {
  ransomware: 'Ransomware',
  business_email_compromise: 'Business email compromise',
  data_exfiltration: 'Data theft (exfiltration)',
  insider_threat: 'Insider threat',
  malware_outbreak: 'Malware outbreak',
  cloud_account_compromise: 'Cloud account compromise',
  web_application_compromise: 'Web application compromise',
  denial_of_service: 'Denial of service',
  other: 'Something else',
};

/** Severities in words a person under stress can choose from. */
export const severityInfo: Record<Severity, { label: string; description: string; color: MantineColor }> = {
  P1: {
    label: 'P1 · Critical',
    description: 'Business stopped, or systems are being encrypted or data stolen right now.',
    color: 'red',
  },
  P2: {
    label: 'P2 · High',
    description: 'Important systems are affected and the attacker may still be active.',
    color: 'orange',
  },
  P3: {
    label: 'P3 · Medium',
    description: 'Limited impact: a few systems or accounts, the situation is under control.',
    color: 'yellow',
  },
  P4: {
    label: 'P4 · Low',
    description: 'Something looks suspicious, with little or no impact yet; you want advice.',
    color: 'gray',
  },
};

export const slaKindLabels: Record<SlaKind, string> = {
  initial_contact: 'Initial contact',
  remote_start: 'Remote work started',
  onsite_arrival: 'On-site arrival',
};

export const slaStatusLabels: Record<SlaStatus, string> = {
  pending: 'Pending',
  at_risk: 'At risk',
  met: 'Met',
  breached: 'Breached',
};
export const slaStatusColors: Record<SlaStatus, MantineColor> = {
  pending: 'blue',
  at_risk: 'orange',
  met: 'green',
  breached: 'red',
};

export const channelLabels: Record<RequestChannel, string> = {
  portal: 'Portal',
  api: 'API',
  hotline: 'Hotline',
  email: 'Email',
};

export const flagLabels: Record<RequestFlag, string> = {
  advisory: 'Advisory support only',
  not_covered: 'Not covered',
  no_active_retainer: 'No active retainer',
};

export const scopingOutcomeLabels: Record<ScopingOutcome, string> = {
  ewo_needed: 'Work order needed',
  advice_only: 'Advice only (closes the request)',
  rejected: 'Rejected (closes the request)',
};

export const deliverableLabels: Record<DeliverableKind, string> = {
  final_report: 'Final report',
  executive_briefing: 'Executive briefing',
  ioc_list: 'IOC list',
  after_action_report: 'After-action report',
  scenario_pack: 'Scenario pack',
  other: 'Other',
};

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
