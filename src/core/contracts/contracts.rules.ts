import { DateTime } from 'luxon';
import { AppError } from '../../shared/errors.ts';
import { ContractSettings, type ContractSettingsPatch } from '../../shared/contracts/contract-settings.ts';
import { schemaRefusal } from '../../shared/plain-errors.ts';
import type { ContractStatus } from './contracts.tables.ts';

/** Contract lifecycle: draft → active → expired | terminated (a draft may also be terminated). */
export const contractTransitions: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['active', 'terminated'],
  active: ['expired', 'terminated'],
  expired: [],
  terminated: [],
};

export function canTransition(from: ContractStatus, to: ContractStatus): boolean {
  return contractTransitions[from].includes(to);
}

/** Throws INVALID_TRANSITION (409) naming what is possible from `from`. */
export function assertTransition(from: ContractStatus, to: ContractStatus, number: string): void {
  if (canTransition(from, to)) return;
  const next = contractTransitions[from];
  throw new AppError(
    'INVALID_TRANSITION',
    `Contract ${number} is ${from} and cannot become ${to}` +
      (next.length ? `; from ${from} it can become ${next.join(' or ')}.` : `: an ${from} contract is final.`),
    { from, to, allowed: next },
  );
}

/** Term dates are inclusive; the end may not be before the start. */
export function termProblem(termStart: string, termEnd: string): string | null {
  return termEnd < termStart
    ? `termEnd ${termEnd} is before termStart ${termStart}: the term's last day must be on or after its first`
    : null;
}

/** Service-unit contracts need unitsPerHour; hours contracts have none. */
export function unitsPerHourProblem(
  unit: 'hours' | 'service_units',
  unitsPerHour: string | null | undefined,
): string | null {
  if (unit === 'service_units' && !unitsPerHour) return 'service-unit contracts need unitsPerHour (e.g. "1.5")';
  if (unit === 'hours' && unitsPerHour) return 'hours contracts have no unitsPerHour: leave it out';
  return null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges a settings patch: objects key by key; arrays and the policies (which have a `mode`) replace whole. */
export function mergeSettings(stored: unknown, patch: ContractSettingsPatch | undefined): ContractSettings {
  const merge = (base: unknown, p: unknown): unknown => {
    if (!isPlainObject(p) || !isPlainObject(base) || 'mode' in p) return p;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = merge(base[k], v);
    return out;
  };
  const merged = patch ? merge(stored ?? {}, patch) : (stored ?? {});
  const parsed = ContractSettings.safeParse(merged);
  if (!parsed.success) {
    throw schemaRefusal('settings', parsed.error.issues);
  }
  return parsed.data;
}

/**
 * The successor's default term: from the day after the predecessor's end (or from `start`), as many
 * months and days long as the predecessor's.
 */
export function renewalTerm(
  termStart: string,
  termEnd: string,
  start?: string,
): { termStart: string; termEnd: string } {
  const from = DateTime.fromISO(termStart, { zone: 'UTC' });
  const endExclusive = DateTime.fromISO(termEnd, { zone: 'UTC' }).plus({ days: 1 });
  const length = endExclusive.diff(from, ['months', 'days']);
  const nextStart = start ? DateTime.fromISO(start, { zone: 'UTC' }) : endExclusive;
  return { termStart: nextStart.toISODate()!, termEnd: nextStart.plus(length).minus({ days: 1 }).toISODate()! };
}
