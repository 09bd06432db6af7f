import type { LedgerEntry } from '../../api/types.ts';
import type { LedgerUnit } from '../../../shared/units.ts';

/** One point of the balance chart: the figures at the end of a day (in ledger units). */
export interface BalancePoint {
  /** The day, as midnight UTC of that calendar date (ms), so that days are evenly spaced on the axis. */
  t: number;
  /** YYYY-MM-DD in the contract's time zone. */
  day: string;
  balance: number;
  reserved: number;
  available: number;
}

/** The calendar date of an instant in a time zone (YYYY-MM-DD). */
export function dayIn(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const dayToTime = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/**
 * The balance over time from ledger entries in chain order: one point per day on which entries were
 * posted, carrying the figures after that day's last entry (balance, reserved, available), and a last
 * point on `today` so the line reaches the present. Days count in the contract's time zone.
 */
export function balanceSeries(entries: readonly LedgerEntry[], timeZone: string, today?: string): BalancePoint[] {
  const byDay = new Map<string, BalancePoint>();
  for (const e of entries) {
    const day = dayIn(e.createdAt, timeZone);
    byDay.set(day, {
      t: dayToTime(day),
      day,
      balance: e.balanceAfter.amount,
      reserved: e.reservedAfter.amount,
      available: e.availableAfter.amount,
    });
  }
  const points = [...byDay.values()].sort((a, b) => a.t - b.t);
  const last = points.at(-1);
  if (last && today && today > last.day) points.push({ ...last, t: dayToTime(today), day: today });
  return points;
}

/**
 * Round ticks for the value axis: a step of 1, 2, 2.5 or 5 × 10^n whole hours (or whole service units,
 * `per` ledger units each) giving at most five intervals, and the domain they span (zero included).
 */
export function valueTicks(min: number, max: number, per: number): { ticks: number[]; domain: [number, number] } {
  const lo = Math.min(0, min);
  const hi = Math.max(max, per);
  const span = (hi - lo) / per;
  let step = 1;
  for (let scale = 1; ; scale *= 10) {
    const found = [1, 2, 2.5, 5].find((m) => span / (m * scale) <= 5);
    if (found !== undefined) {
      step = found * scale;
      break;
    }
  }
  const unitStep = step * per;
  const start = Math.floor(lo / unitStep) * unitStep;
  const end = Math.ceil(hi / unitStep) * unitStep;
  const ticks: number[] = [];
  for (let v = start; v <= end; v += unitStep) ticks.push(v);
  return { ticks, domain: [start, end] };
}

/** Ticks on the first of the month between two days (ms at UTC midnight), every n-th month so at most eight show. */
export function monthTicks(from: number, to: number): number[] {
  const months: number[] = [];
  const date = new Date(from);
  date.setUTCDate(1);
  if (date.getTime() < from) date.setUTCMonth(date.getUTCMonth() + 1);
  for (; date.getTime() <= to; date.setUTCMonth(date.getUTCMonth() + 1)) months.push(date.getTime());
  const every = Math.ceil(months.length / 8);
  return months.filter((_, i) => i % every === 0);
}

const longDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A y-axis tick of a balance or burn chart, in whole hours or units ("40h", "12 SU"); the tooltip shows exact figures. */
export const axisTick = (value: number, unit: LedgerUnit): string =>
  unit === 'minute' ? `${Math.round(value / 60)}h` : `${Math.round(value / 100)} SU`;

/** The tooltip's heading of a chart point: its day (a UTC midnight time), or nothing for a missing label. */
export const tooltipDay = (t: unknown): string =>
  Number.isFinite(Number(t)) && t !== null && t !== '' ? longDayFormat.format(new Date(Number(t))) : '';
