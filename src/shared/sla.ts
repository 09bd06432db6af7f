/**
 * SLA status of a response target, defined once (domain.md): the server's views, its SQL filter (built from
 * these ranks and checked against this function by test/requests.sla-status.test.ts) and the browser's live
 * countdown all use it. Pure and browser-safe.
 */
import type { SlaStatus } from './contracts/requests.ts';

/** An unmet target is at risk once this share of its time is gone: 75 %, i.e. 45 s per target minute. */
export const AT_RISK_MS_PER_TARGET_MINUTE = 45_000;

/** 75 % of the target's time gone: start + minutes × 45 s, an exact millisecond. */
export const atRiskAt = (startsAt: Date, minutes: number): Date =>
  new Date(startsAt.getTime() + minutes * AT_RISK_MS_PER_TARGET_MINUTE);

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
export function slaStatus(target: TargetClock, now: Date): SlaStatus {
  if (target.metAt) return target.metAt.getTime() <= target.dueAt.getTime() ? 'met' : 'breached';
  const judgedAt = target.stoppedAt && target.stoppedAt.getTime() < now.getTime() ? target.stoppedAt : now;
  if (judgedAt.getTime() > target.dueAt.getTime()) return 'breached';
  if (judgedAt.getTime() >= target.atRiskAt.getTime()) return 'at_risk';
  return 'pending';
}

/** How bad a status is: a request's status is its worst target's (the SQL filter compares these ranks). */
export const slaStatusRank: Record<SlaStatus, number> = { met: 1, pending: 2, at_risk: 3, breached: 4 };

/** A request's SLA status: the worst of its targets (breached, at_risk, pending, met); null without targets. */
export function worstSlaStatus(statuses: SlaStatus[]): SlaStatus | null {
  if (statuses.length === 0) return null;
  return statuses.reduce((worst, next) => (slaStatusRank[next] > slaStatusRank[worst] ? next : worst));
}
