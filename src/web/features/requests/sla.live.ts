import { slaStatus } from '../../../shared/sla.ts';
import type { SlaStatus } from './requests.types.ts';

/** What the browser needs of an SLA target to keep its status and countdown live. */
export interface LiveTargetInput {
  dueAt: string;
  atRiskAt: string;
  metAt: string | null;
  /** The server's status when the request was read. */
  status: SlaStatus;
}

/**
 * The target's status at `now`, by the one definition the server uses (shared/sla.ts `slaStatus`). When
 * the request's clocks have stopped (ended without an engagement) the browser does not know when, so an
 * unmet target keeps the server's judgement.
 */
export function liveSlaStatus(target: LiveTargetInput, now: number, stopped: boolean): SlaStatus {
  if (stopped && !target.metAt) return target.status;
  const metAt = target.metAt ? new Date(target.metAt) : null;
  return slaStatus({ dueAt: new Date(target.dueAt), atRiskAt: new Date(target.atRiskAt), metAt }, new Date(now));
}

/** A span of time in words: "45 s", "4 min 12 s" (under five minutes), "37 min", "2 h 05 min", "3 d 4 h". */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const totalMin = Math.floor(seconds / 60);
  if (totalMin < 5) return `${totalMin} min ${String(seconds % 60).padStart(2, '0')} s`;
  if (totalMin < 60) return `${totalMin} min`;
  const hours = Math.floor(totalMin / 60);
  if (hours < 48) return `${hours} h ${String(totalMin % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * The countdown of a target: "due in 37 min" / "overdue by 5 min" while open, "met with 12 min to spare"
 * / "met 8 min late" once met, "clock stopped" for an unmet target of an ended request.
 */
export function slaCountdown(target: LiveTargetInput, now: number, stopped: boolean): string {
  const due = Date.parse(target.dueAt);
  if (target.metAt) {
    const met = Date.parse(target.metAt);
    return met <= due ? `met with ${formatSpan(due - met)} to spare` : `met ${formatSpan(met - due)} late`;
  }
  if (stopped) return 'clock stopped';
  // Round the wait up (never "due in 0 s" while time is left) and the overrun down.
  return now <= due ? `due in ${formatSpan(due - now + 999)}` : `overdue by ${formatSpan(now - due)}`;
}
