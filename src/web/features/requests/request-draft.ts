import type { IncidentType, Severity } from '../../../shared/domain.ts';
import { isApiError } from '../../api/client.ts';
import type { CreateRequestBody } from './requests.types.ts';

/** What a person fills in for a request, whichever its kind (the kind picks the fields that are sent). */
export interface RequestDraft {
  kind: 'emergency' | 'proactive';
  incidentType: IncidentType | '';
  severity: Severity | '';
  onsiteRequired: boolean;
  catalogItemId: string;
  desiredStart: string | null;
  description: string;
}

export const emptyDraft = (kind: RequestDraft['kind']): RequestDraft => ({
  kind,
  incidentType: '',
  severity: '',
  onsiteRequired: false,
  catalogItemId: '',
  desiredStart: null,
  description: '',
});

/**
 * The body of POST /requests from a draft. Missing choices are sent as they are, so the server names
 * every missing field at once (400 with the offending fields).
 */
export function requestBody(
  d: RequestDraft,
  contractId: string,
  extra: Pick<CreateRequestBody, 'channel' | 'receivedAt' | 'requesterContactId'> = {},
): CreateRequestBody {
  const common = { contractId, description: d.description.trim(), onsiteRequired: d.onsiteRequired, ...extra };
  return d.kind === 'emergency'
    ? { kind: 'emergency', ...common, incidentType: d.incidentType as IncidentType, severity: d.severity as Severity }
    : { kind: 'proactive', ...common, catalogItemId: d.catalogItemId, desiredStart: d.desiredStart as string };
}

type Errors = Record<string, string | undefined>;

/**
 * A refused request as the form shows it: the fields the server named, LEAD_TIME_TOO_SHORT on the date
 * with its earliest allowed start, anything else as a message above the form.
 */
export function requestFormErrors(e: unknown): { fields: Errors; general: unknown; refusedEarliest: string | null } {
  if (!isApiError(e)) return { fields: {}, general: e ?? null, refusedEarliest: null };
  if (e.code === 'LEAD_TIME_TOO_SHORT') {
    const earliest = typeof e.details['earliestStart'] === 'string' ? e.details['earliestStart'] : null;
    return { fields: { desiredStart: e.detail }, general: null, refusedEarliest: earliest };
  }
  const fields = e.fieldErrors();
  return Object.keys(fields).length
    ? { fields, general: null, refusedEarliest: null }
    : { fields: {}, general: e, refusedEarliest: null };
}
