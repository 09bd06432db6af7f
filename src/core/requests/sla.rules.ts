import type { SlaKind } from '../../shared/contracts/requests.ts';
import type { SupportLevel } from '../../shared/domain.ts';
import { atRiskAt } from '../../shared/sla.ts';

export interface SeverityTargets {
  initialContactMinutes: number;
  remoteStartMinutes: number;
  onsiteArrivalMinutes: number | null;
}

export interface DerivedTarget {
  kind: SlaKind;
  minutes: number;
  dueAt: Date;
  atRiskAt: Date;
}

const MINUTE = 60_000;

/**
 * The SLA targets of an emergency request, clocks starting at `receivedAt` in calendar time. Full
 * support: initial contact, remote start, and on-site arrival when the request needs it and the
 * contract has a target for it ("by agreement" is none). Advisory support is remote: no on-site target.
 * Not covered or no active retainer: no contractual response, but the firm still calls back, so only
 * the initial contact target applies.
 */
export function deriveTargets(input: {
  receivedAt: Date;
  targets: SeverityTargets;
  onsiteRequired: boolean;
  supportLevel: SupportLevel;
  contractActive: boolean;
}): DerivedTarget[] {
  const minutesOf = input.targets;
  const kinds: [SlaKind, number | null][] = [['initial_contact', minutesOf.initialContactMinutes]];
  const fullResponse = input.contractActive && input.supportLevel !== 'not_covered';
  if (fullResponse) kinds.push(['remote_start', minutesOf.remoteStartMinutes]);
  if (fullResponse && input.supportLevel === 'full' && input.onsiteRequired)
    kinds.push(['onsite_arrival', minutesOf.onsiteArrivalMinutes]);
  return kinds
    .filter((entry): entry is [SlaKind, number] => entry[1] !== null)
    .map(([kind, minutes]) => ({
      kind,
      minutes,
      dueAt: new Date(input.receivedAt.getTime() + minutes * MINUTE),
      atRiskAt: atRiskAt(input.receivedAt, minutes),
    }));
}

/** The median of a list of numbers (mean of the middle two for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
