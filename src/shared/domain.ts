/** Vocabulary of the domain shared by API, CLI and web (values of domain.md). */
export const incidentTypes = [
  'ransomware',
  'business_email_compromise',
  'data_exfiltration',
  'insider_threat',
  'malware_outbreak',
  'cloud_account_compromise',
  'web_application_compromise',
  'denial_of_service',
  'other',
] as const;
export type IncidentType = (typeof incidentTypes)[number];

export const severities = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof severities)[number];

export const supportLevels = ['full', 'advisory', 'not_covered'] as const;
export type SupportLevel = (typeof supportLevels)[number];

/** Effort activities; the first six are billable, travel time follows the contract's T&E policy. */
export const activities = [
  'kickoff',
  'status_meeting',
  'preparation',
  'analysis',
  'onsite_work',
  'deliverable_preparation',
  'travel_time',
  'scoping',
  'internal',
] as const;
export type Activity = (typeof activities)[number];

export const requestKinds = ['emergency', 'proactive'] as const;
export type RequestKind = (typeof requestKinds)[number];

export const deliverableKinds = [
  'final_report',
  'executive_briefing',
  'ioc_list',
  'after_action_report',
  'scenario_pack',
  'other',
] as const;
export type DeliverableKind = (typeof deliverableKinds)[number];
