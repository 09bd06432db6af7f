import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { Activity } from '../../shared/domain.ts';
import { isBillableActivity } from '../../shared/billing.ts';
import type { ContractUnit } from '../../shared/units.ts';
import { RateCard } from '../../shared/rate-card.ts';

/**
 * How work becomes retainer units (domain.md, Ledger rules → Conversion). Pure integer arithmetic:
 * minutes are rounded UP to the contract's increment, multiplied by the activity's multiplier and, after
 * hours, by the after-hours multiplier (decimals with at most two places, so hundredths as integers), the
 * product rounded half up to a whole minute; service units = minutes × unitsPerHour / 60, rounded half up
 * to the hundredth (centiunits).
 */

/** "1.5" → 150 hundredths; "2" → 200. */
export function hundredths(decimal: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a decimal with at most two places: ${decimal}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** a / b rounded half up, for non-negative integers. */
export function divRoundHalfUp(a: number, b: number): number {
  if (a < 0 || b <= 0) throw new Error('divRoundHalfUp takes a >= 0 and b > 0');
  return Math.floor((2 * a + b) / (2 * b));
}

/** Minutes rounded up to the increment (0 stays 0). */
export function roundUpToIncrement(minutes: number, increment: number): number {
  return Math.ceil(minutes / increment) * increment;
}

export interface ContractRateCard {
  unit: ContractUnit;
  /** numeric(8,2) as a string, service-unit contracts only. */
  unitsPerHour: string | null;
  settings: Pick<
    ContractSettings,
    'roundingIncrementMinutes' | 'activityMultipliers' | 'afterHoursMultiplier' | 'travelTimeBillable'
  >;
}

export interface Conversion {
  /** The minutes as logged, rounded up to the increment. */
  roundedMinutes: number;
  /** After the activity (and after-hours) multipliers. */
  weightedMinutes: number;
  /** In the contract's ledger unit (minutes or centiunits). */
  amount: number;
}

/** Converts minutes of one activity to the contract's ledger unit (rounding, multipliers, unit conversion). */
export function convertEffort(
  minutes: number,
  activity: Activity,
  afterHours: boolean,
  card: ContractRateCard,
): Conversion {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new Error('minutes must be a non-negative integer');
  const roundedMinutes = roundUpToIncrement(minutes, card.settings.roundingIncrementMinutes);
  const activityFactor = hundredths(card.settings.activityMultipliers[activity] ?? '1');
  const afterHoursFactor = afterHours ? hundredths(card.settings.afterHoursMultiplier) : 100;
  const weightedMinutes = divRoundHalfUp(roundedMinutes * activityFactor * afterHoursFactor, 10_000);
  return { roundedMinutes, weightedMinutes, amount: minutesToLedger(weightedMinutes, card) };
}

/** Minutes in the contract's ledger unit: the same minutes for hours contracts, centiunits for service units. */
export function minutesToLedger(minutes: number, card: Pick<ContractRateCard, 'unit' | 'unitsPerHour'>): number {
  if (card.unit === 'hours') return minutes;
  if (!card.unitsPerHour) throw new Error('a service-units contract needs unitsPerHour');
  // units = minutes × uph / 60; centiunits = units × 100 = minutes × (uph in hundredths) / 60
  return divRoundHalfUp(minutes * hundredths(card.unitsPerHour), 60);
}

/** An estimate (effort lines) in the contract's unit: each line converted like logged effort, then summed. */
export function convertEstimate(lines: { activity: Activity; minutes: number }[], card: ContractRateCard): number {
  return lines.reduce(
    (sum, l) =>
      sum +
      (isBillableActivity(l.activity, card.settings) ? convertEffort(l.minutes, l.activity, false, card).amount : 0),
    0,
  );
}

/** What approval reserves: the fixed price, or the larger of the estimate and the minimum billable effort. */
export function reservationAmount(plan: {
  pricingMode: 'time_and_materials' | 'fixed';
  estimate: number;
  fixedPrice: number | null;
  minimumBillable: number;
}): number {
  if (plan.pricingMode === 'fixed') return plan.fixedPrice ?? 0;
  return Math.max(plan.estimate, plan.minimumBillable);
}

/** Parsed cards per stored card object: a remembered effort context converts many entries with one. */
const parsedCards = new WeakMap<object, RateCard>();

/**
 * A stored rate card (an engagement's, a version's, a change order's: jsonb) as a card, the settings keys
 * it lacks filled with the defaults of domain.md (backfilled cards keep a contract's partial settings).
 */
export function storedCard(stored: unknown): RateCard {
  if (typeof stored !== 'object' || stored === null) return RateCard.parse(stored);
  let card = parsedCards.get(stored);
  if (!card) parsedCards.set(stored, (card = RateCard.parse(stored)));
  return card;
}
