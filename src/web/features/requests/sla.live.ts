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
 * The target's status at `now`, as domain.md defines it and the server computes it (sla.rules.ts
 * `slaStatus`): met at or before due → met, met after → breached, unmet past due → breached, unmet after
 * 75 % of the time → at risk, else pending. When the request's clocks have stopped (ended without an
 * engagement) the server's judgement stands.
 */
export function liveSlaStatus(t: LiveTargetInput, now: number, stopped: boolean): SlaStatus {
  if (t.metAt) return Date.parse(t.metAt) <= Date.parse(t.dueAt) ? 'met' : 'breached';
  if (stopped) return t.status;
  if (now > Date.parse(t.dueAt)) return 'breached';
  if (now >= Date.parse(t.atRiskAt)) return 'at_risk';
  return 'pending';
}

/** A span of time in words: "45 s", "4 min 12 s" (under five minutes), "37 min", "2 h 05 min", "3 d 4 h". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const totalMin = Math.floor(s / 60);
  if (totalMin < 5) return `${totalMin} min ${String(s % 60).padStart(2, '0')} s`;
  if (totalMin < 60) return `${totalMin} min`;
  const h = Math.floor(totalMin / 60);
  if (h < 48) return `${h} h ${String(totalMin % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/**
 * The countdown of a target: "due in 37 min" / "overdue by 5 min" while open, "met with 12 min to spare"
 * / "met 8 min late" once met, "clock stopped" for an unmet target of an ended request.
 */
export function slaCountdown(t: LiveTargetInput, now: number, stopped: boolean): string {
  const due = Date.parse(t.dueAt);
  if (t.metAt) {
    const met = Date.parse(t.metAt);
    return met <= due ? `met with ${formatSpan(due - met)} to spare` : `met ${formatSpan(met - due)} late`;
  }
  if (stopped) return 'clock stopped';
  // Round the wait up (never "due in 0 s" while time is left) and the overrun down.
  return now <= due ? `due in ${formatSpan(due - now + 999)}` : `overdue by ${formatSpan(now - due)}`;
}
