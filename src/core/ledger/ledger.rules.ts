import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { addDays, daysBetween, localDate } from '../../shared/dates.ts';
import { MAX_POSTING } from '../../shared/units.ts';
import type { LedgerKind } from './ledger.tables.ts';

/**
 * The ledger's arithmetic (domain.md, "Ledger rules"), pure: the service applies it to the cached row
 * under a lock, the offline verifier replays an export with it, and the tests compare both with a model.
 */

/** The totals of one contract's ledger; `reserved` is the sum of the engagements' open reservations. */
export interface LedgerTotals {
  granted: number;
  toppedUp: number;
  rolledOverIn: number;
  adjusted: number;
  consumed: number;
  minimumTrueUps: number;
  expired: number;
  rolledOverOut: number;
  reserved: number;
}

export const emptyTotals: LedgerTotals = {
  granted: 0,
  toppedUp: 0,
  rolledOverIn: 0,
  adjusted: 0,
  consumed: 0,
  minimumTrueUps: 0,
  expired: 0,
  rolledOverOut: 0,
  reserved: 0,
};

/** One engagement's sums on one contract. */
export interface ReservationSums {
  reserved: number;
  released: number;
  consumed: number;
  minimumTrueUps: number;
}

export const emptyReservation: ReservationSums = { reserved: 0, released: 0, consumed: 0, minimumTrueUps: 0 };

/** balance = grant + top_up + rollover_in + adjustment − consume − minimum_true_up − expire − rollover_out. */
export const balanceOf = (totals: LedgerTotals): number =>
  totals.granted +
  totals.toppedUp +
  totals.rolledOverIn +
  totals.adjusted -
  totals.consumed -
  totals.minimumTrueUps -
  totals.expired -
  totals.rolledOverOut;

/** available = balance − reserved. */
export const availableOf = (totals: LedgerTotals): number => balanceOf(totals) - totals.reserved;

/** An engagement's open reservation: reserve − release − consume − minimum_true_up, never below zero. */
export const openReservation = (sums: ReservationSums): number =>
  Math.max(0, sums.reserved - sums.released - sums.consumed - sums.minimumTrueUps);

/** The total an entry kind adds to (reserve and release change only reservations; a reversal counts as its target). */
const totalOf: Record<LedgerKind, Exclude<keyof LedgerTotals, 'reserved'> | null> = {
  grant: 'granted',
  top_up: 'toppedUp',
  rollover_in: 'rolledOverIn',
  adjustment: 'adjusted',
  consume: 'consumed',
  minimum_true_up: 'minimumTrueUps',
  expire: 'expired',
  rollover_out: 'rolledOverOut',
  reserve: null,
  release: null,
  reversal: null,
};

const reservationSumOf: Partial<Record<LedgerKind, keyof ReservationSums>> = {
  reserve: 'reserved',
  release: 'released',
  consume: 'consumed',
  minimum_true_up: 'minimumTrueUps',
};

/** Kinds whose entries always name an engagement. */
export const engagementKinds: readonly LedgerKind[] = ['reserve', 'release', 'consume', 'minimum_true_up'];
/** Kinds that count as consumption (percent consumed, burn rate). */
export const consumptionKinds: readonly LedgerKind[] = ['consume', 'minimum_true_up'];

/**
 * What an entry does: `sign` × `amount` on the total of `kind` (and on the engagement's sums). A reversal
 * has the kind, amount and engagement of the entry it reverses, with sign −1.
 */
export interface Effect {
  kind: Exclude<LedgerKind, 'reversal'>;
  amount: number;
  sign: 1 | -1;
  engagementId: string | null;
}

export function effectOf(
  entry: { kind: LedgerKind; amount: number; engagementId: string | null },
  reversed?: { kind: LedgerKind; amount: number; engagementId: string | null },
): Effect {
  if (entry.kind !== 'reversal')
    return { kind: entry.kind, amount: entry.amount, sign: 1, engagementId: entry.engagementId };
  if (!reversed || reversed.kind === 'reversal')
    throw new Error('a reversal needs the entry it reverses, which is not itself a reversal');
  return { kind: reversed.kind, amount: reversed.amount, sign: -1, engagementId: reversed.engagementId };
}

/** Applies one effect to the totals and to the engagement's sums; `reserved` follows the open reservation. */
export function applyEffect(
  totals: LedgerTotals,
  reservation: ReservationSums | null,
  e: Effect,
): { totals: LedgerTotals; reservation: ReservationSums | null } {
  const next = { ...totals };
  const total = totalOf[e.kind];
  if (total) next[total] += e.sign * e.amount;
  const sum = reservationSumOf[e.kind];
  if (!sum || e.engagementId === null) return { totals: next, reservation };
  const before = reservation ?? emptyReservation;
  const after = { ...before, [sum]: before[sum] + e.sign * e.amount };
  next.reserved += openReservation(after) - openReservation(before);
  return { totals: next, reservation: after };
}

/** A kind's sign in `balanceOf`: credits +1, debits −1; reservations and releases do not touch the balance. */
const balanceSign: Record<Effect['kind'], 1 | -1 | 0> = {
  grant: 1,
  top_up: 1,
  rollover_in: 1,
  adjustment: 1,
  consume: -1,
  minimum_true_up: -1,
  expire: -1,
  rollover_out: -1,
  reserve: 0,
  release: 0,
};

/** What an effect does to the balance; a reversal's is the exact negation of the entry it reverses. */
export const balanceEffectOf = (e: Effect): number => balanceSign[e.kind] * e.sign * e.amount;

/** One entry's signed effect on the balance and on what is reserved, in ledger units (the ledger CSV's columns). */
export interface EntryEffect {
  balance: number;
  reserved: number;
}

/** The fields of a stored entry that its effect depends on. */
export interface EffectEntry {
  id: string;
  kind: LedgerKind;
  amount: number;
  engagementId: string | null;
  reversesId: string | null;
}

/**
 * Each entry's effect, replaying the chain in order (pass the whole chain: what a consumption frees of a
 * reservation depends on the engagement's open reservation, which never goes below zero). Summing the
 * `balance` effects of the chain gives `balanceOf` its totals, summing the `reserved` effects gives `reserved`.
 */
export function entryEffects(chain: readonly EffectEntry[]): EntryEffect[] {
  const byId = new Map<string, EffectEntry>();
  const reservations = new Map<string, ReservationSums>();
  let totals = emptyTotals;
  return chain.map((entry) => {
    byId.set(entry.id, entry);
    const effect = effectOf(entry, entry.reversesId ? byId.get(entry.reversesId) : undefined);
    const key = effect.engagementId;
    const next = applyEffect(totals, key === null ? null : (reservations.get(key) ?? null), effect);
    if (key !== null && next.reservation) reservations.set(key, next.reservation);
    const reserved = next.totals.reserved - totals.reserved;
    totals = next.totals;
    return { balance: balanceEffectOf(effect), reserved };
  });
}

export type OverdraftPolicy = ContractSettings['overdraftPolicy'];

/** The lowest available balance the policy allows: 0 (block), −limit (allow_up_to), unbounded (allow). */
export function policyFloor(policy: OverdraftPolicy): number {
  if (policy.mode === 'block') return 0;
  if (policy.mode === 'allow_up_to') return -policy.limit;
  return Number.NEGATIVE_INFINITY;
}

/**
 * The overdraft policy applies to every posting that lowers the available balance (reservations,
 * consumption beyond the engagement's own reservation, negative corrections): it may not take available
 * below the policy's floor. `overage` is what the posting took below zero (flagged, with `allow_up_to`/`allow`).
 */
export function overdraftCheck(
  before: LedgerTotals,
  after: LedgerTotals,
  p: OverdraftPolicy,
): { ok: true; overage: number } | { ok: false; shortfall: number; available: number } {
  const a0 = availableOf(before);
  const a1 = availableOf(after);
  if (a1 >= a0) return { ok: true, overage: 0 };
  const floor = policyFloor(p);
  if (a1 < floor) return { ok: false, shortfall: floor - a1, available: a0 };
  return { ok: true, overage: Math.max(0, -a1) - Math.max(0, -a0) };
}

/** Why an amount cannot be posted, or null: integers only, not zero, positive unless signed, at most MAX_POSTING. */
export function amountProblem(amount: unknown, options: { signed?: boolean } = {}): string | null {
  if (typeof amount !== 'number' || !Number.isInteger(amount))
    return 'must be an integer in ledger units (minutes, or hundredths of a service unit)';
  if (amount === 0) return 'must not be zero';
  if (amount < 0 && !options.signed) return 'must be positive';
  if (Math.abs(amount) > MAX_POSTING)
    return `must be at most ${MAX_POSTING.toLocaleString('en-US')} ledger units per posting`;
  return null;
}

const credits = (totals: LedgerTotals): number =>
  totals.granted + totals.toppedUp + totals.rolledOverIn + totals.adjusted;
const used = (totals: LedgerTotals): number => totals.consumed + totals.minimumTrueUps;

/** (consumed + minimum true-ups) ÷ (granted + topped up + rolled over in + adjusted) × 100, within 0–100, two decimals. */
export function percentConsumed(totals: LedgerTotals): number {
  const credited = credits(totals);
  const usedSoFar = used(totals);
  if (credited <= 0) return usedSoFar > 0 ? 100 : 0;
  const percent = Math.round((usedSoFar * 10_000) / credited) / 100;
  return Math.min(100, Math.max(0, percent));
}

function reached(totals: LedgerTotals, threshold: number): boolean {
  const credited = credits(totals);
  const usedSoFar = used(totals);
  if (credited <= 0) return usedSoFar > 0;
  return usedSoFar * 100 >= threshold * credited;
}

/** The alert thresholds (percent consumed) a posting crossed upwards. */
export const thresholdsCrossed = (before: LedgerTotals, after: LedgerTotals, thresholds: readonly number[]): number[] =>
  [...new Set(thresholds)].sort((a, b) => a - b).filter((th) => !reached(before, th) && reached(after, th));

/** What the term end does with the available balance: the policy's share rolls over when a successor exists, the rest expires. */
export function termEndSplit(
  available: number,
  policy: ContractSettings['expiryPolicy'],
  hasSuccessor: boolean,
): { rollover: number; expire: number } {
  if (available <= 0) return { rollover: 0, expire: 0 };
  const rollover = policy.mode === 'rollover' && hasSuccessor ? Math.floor((available * policy.percent) / 100) : 0;
  return { rollover, expire: available - rollover };
}

// ---- calendar (customer time zone) ----

/** A term ends when its last (inclusive) day is over in the customer's time zone. */
export const termEnded = (termEnd: string, timeZone: string, now: Date): boolean => localDate(now, timeZone) > termEnd;

/** Calendar days from today to the term end; 0 on the last day and after it. */
export const daysLeft = (termEnd: string, today: string): number => Math.max(0, daysBetween(today, termEnd));

export const BURN_WINDOW_DAYS = 90;

/** The trailing burn-rate window: the last 90 days, or fewer since the term started; always at least today. */
export function burnWindow(today: string, termStart: string): { from: string; days: number } {
  const sinceStart = daysBetween(termStart, today) + 1;
  const days = Math.max(1, Math.min(BURN_WINDOW_DAYS, sinceStart));
  return { from: addDays(today, -(days - 1)), days };
}

/**
 * A day on or before the start of every burn window at `now`, whatever the time zone (a local date is at
 * most one day from the UTC one): the balance read fetches the daily sums from here and keeps its window.
 */
export const burnWindowSince = (now: Date): string => addDays(now.toISOString().slice(0, 10), -(BURN_WINDOW_DAYS + 1));

/** Consumption per month (30 days) at the trailing rate, rounded half up to a ledger unit. */
export const burnRatePerMonth = (consumedInWindow: number, windowDays: number): number =>
  Math.round((Math.max(0, consumedInWindow) * 30) / windowDays);

/** The day the balance reaches zero at the trailing rate; null without consumption, today when nothing is left. */
export function forecastDepletionDate(
  today: string,
  balance: number,
  consumedInWindow: number,
  windowDays: number,
): string | null {
  if (consumedInWindow <= 0) return null;
  if (balance <= 0) return today;
  const days = Math.ceil((balance * windowDays) / consumedInWindow);
  return days > FORECAST_HORIZON_DAYS ? null : addDays(today, days);
}

/** A burn so slow that the balance outlasts a century has no depletion date worth showing (nor a 4-digit year). */
export const FORECAST_HORIZON_DAYS = 36_525;
