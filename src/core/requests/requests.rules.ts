import type { ContactChannel, RequestFlag, RequestStatus } from '../../shared/contracts/requests.ts';
import type { IncidentType, SupportLevel } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import { canTransition, requestTransitions } from '../../shared/requests.ts';
import { addDays, localDate } from '../../shared/dates.ts';

const labels: Record<RequestStatus, string> = {
  received: 'received',
  scoping: 'in scoping',
  ewo_drafting: 'in EWO drafting',
  awaiting_approval: 'awaiting approval',
  approved: 'approved',
  declined: 'declined',
  expired: 'expired',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  closed_advice_only: 'closed with advice only',
  closed: 'closed',
};

/** Who may own a request (triage): an IR manager or a consultant. */
export const ownerRoles = ['ir_manager', 'consultant'] as const;

/** How a contact was made, in words (timeline, CLI). */
export const contactChannelLabels: Record<ContactChannel, string> = {
  phone: 'phone',
  email: 'e-mail',
  video: 'video call',
  in_person: 'in person',
  chat: 'chat',
};

/** Refuses a move the lifecycle does not allow: 409 INVALID_TRANSITION naming the current state. */
export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (canTransition(from, to)) return;
  const allowed = requestTransitions[from];
  throw new AppError(
    'INVALID_TRANSITION',
    `The request is ${labels[from]} (status ${from}): it cannot move to ${to}.` +
      (allowed.length ? ` From ${from} it can move to ${allowed.join(', ')}.` : ' It is final.'),
    { from, to, allowed },
  );
}

/**
 * The earliest allowed start of proactive work: the date of `receivedAt` in the customer's time zone
 * plus the lead time in calendar days (domain rule 3). Issue 5 reuses it for EWO dates.
 */
export function earliestStart(receivedAt: Date, leadTimeDays: number, timeZone: string): string {
  return addDays(localDate(receivedAt, timeZone), leadTimeDays);
}

export type LeadTimeSource = 'contract_override' | 'catalog_item' | 'firm_setting';

/** The lead time of a proactive request: the contract's override if set, else the larger of the item's and the firm's. */
export function leadTimeFor(sources: { contractOverride: number | null; catalogItemDays: number; firmDays: number }): {
  days: number;
  source: LeadTimeSource;
} {
  if (sources.contractOverride !== null) return { days: sources.contractOverride, source: 'contract_override' };
  return sources.catalogItemDays > sources.firmDays
    ? { days: sources.catalogItemDays, source: 'catalog_item' }
    : { days: sources.firmDays, source: 'firm_setting' };
}

export interface ContractTerm {
  number: string;
  status: 'draft' | 'active' | 'expired' | 'terminated';
  termStart: string;
  termEnd: string;
}

/** A contract is active on a date when its status is active and the date lies in its (inclusive) term. */
export const contractActiveOn = (contract: ContractTerm, date: string): boolean =>
  contract.status === 'active' && contract.termStart <= date && date <= contract.termEnd;

/** Why a contract is not active on `date`, in words naming its term. */
export function inactiveReason(contract: ContractTerm, date: string): string {
  const term = `term ${contract.termStart} to ${contract.termEnd}`;
  if (contract.status !== 'active') return `contract ${contract.number} is ${contract.status} (${term})`;
  return date < contract.termStart
    ? `contract ${contract.number} has not started yet (${term})`
    : `contract ${contract.number} has ended (${term})`;
}

/** The flags of an emergency request: the contract's level of support for its type, and whether the contract is active. */
export function emergencyFlags(contractActive: boolean, supportLevel: SupportLevel): RequestFlag[] {
  const flags: RequestFlag[] = [];
  if (supportLevel === 'advisory') flags.push('advisory');
  if (supportLevel === 'not_covered') flags.push('not_covered');
  if (!contractActive) flags.push('no_active_retainer');
  return flags;
}

const typeLabel = (type: IncidentType): string => type.replace(/_/g, ' ');

/** What each flag means, told to whoever made the request. */
export function noticesFor(
  flags: RequestFlag[],
  contract: Pick<ContractTerm, 'number' | 'termStart' | 'termEnd'> & {
    incidentType: IncidentType | null;
    receivedDate: string;
  },
): { code: RequestFlag; message: string }[] {
  const type = contract.incidentType ? typeLabel(contract.incidentType) : 'this type of';
  return flags.map((code) => {
    switch (code) {
      case 'advisory':
        return {
          code,
          message: `Contract ${contract.number} covers ${type} incidents with advisory support only: an IR manager will call you back and advise remotely. Hands-on response (remote or on site) needs a separate agreement or another contract.`,
        };
      case 'not_covered':
        return {
          code,
          message: `Contract ${contract.number} does not cover ${type} incidents. Your request is recorded and an IR manager will call you back to agree how we can help, for instance under another contract or a separate agreement.`,
        };
      case 'no_active_retainer':
        return {
          code,
          message: `No active retainer: contract ${contract.number} (term ${contract.termStart} to ${contract.termEnd}) was not active on ${contract.receivedDate}. Your emergency is recorded and an IR manager will call you back; the work needs an active retainer or a separate agreement.`,
        };
    }
  });
}
