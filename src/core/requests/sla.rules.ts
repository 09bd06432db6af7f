import type { SlaKind, SlaStatus } from '../../shared/contracts/requests.ts';
import type { SupportLevel } from '../../shared/domain.ts';

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

/** 75 % of the target's time gone: start + minutes × 45 s, an exact millisecond. */
export const atRiskAt = (startsAt: Date, minutes: number): Date => new Date(startsAt.getTime() + minutes * 45_000);

/**
 * The SLA targets of an emergency request, clocks starting at `receivedAt` in calendar time. Full
 * support: initial contact, remote start, and on-site arrival when the request needs it and the
 * contract has a target for it ("by agreement" is none). Advisory support is remote: no on-site target.
 * Not covered or no active retainer: no contractual response, but the firm still calls back, so only
 * the initial contact target applies.
 */
export function deriveTargets(o: {
  receivedAt: Date;
  targets: SeverityTargets;
  onsiteRequired: boolean;
  supportLevel: SupportLevel;
  contractActive: boolean;
}): DerivedTarget[] {
  const t = o.targets;
  const kinds: [SlaKind, number | null][] = [['initial_contact', t.initialContactMinutes]];
  const fullResponse = o.contractActive && o.supportLevel !== 'not_covered';
  if (fullResponse) kinds.push(['remote_start', t.remoteStartMinutes]);
  if (fullResponse && o.supportLevel === 'full' && o.onsiteRequired)
    kinds.push(['onsite_arrival', t.onsiteArrivalMinutes]);
  return kinds
    .filter((k): k is [SlaKind, number] => k[1] !== null)
    .map(([kind, minutes]) => ({
      kind,
      minutes,
      dueAt: new Date(o.receivedAt.getTime() + minutes * MINUTE),
      atRiskAt: atRiskAt(o.receivedAt, minutes),
    }));
}

export interface TargetClock {
  dueAt: Date;
  atRiskAt: Date;
  metAt: Date | null;
  /** When the request ended without an engagement: an unmet target is judged at that time. */
  stoppedAt?: Date | null;
}

/**
 * A target's status (domain.md): met at or before its due time → met; met after it → breached; unmet
 * and past due → breached; unmet with 75 % of its time gone → at_risk; otherwise pending.
 */
export function slaStatus(t: TargetClock, now: Date): SlaStatus {
  if (t.metAt) return t.metAt.getTime() <= t.dueAt.getTime() ? 'met' : 'breached';
  const at = t.stoppedAt && t.stoppedAt.getTime() < now.getTime() ? t.stoppedAt : now;
  if (at.getTime() > t.dueAt.getTime()) return 'breached';
  if (at.getTime() >= t.atRiskAt.getTime()) return 'at_risk';
  return 'pending';
}

const severity: Record<SlaStatus, number> = { met: 1, pending: 2, at_risk: 3, breached: 4 };
export const slaStatusRank = severity;

/** A request's SLA status: the worst of its targets (breached, at_risk, pending, met); null without targets. */
export function worstSlaStatus(statuses: SlaStatus[]): SlaStatus | null {
  if (statuses.length === 0) return null;
  return statuses.reduce((a, b) => (severity[b] > severity[a] ? b : a));
}

/** The median of a list of numbers (mean of the middle two for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
