import { dayIn, dayToTime } from '../contracts/balance-series.ts';
import type { Burn } from './engagements.types.ts';

/** One point of the burn chart: a day (midnight UTC of the date, ms), consumption so far (none after today) and the estimate in force. */
export interface BurnChartPoint {
  t: number;
  day: string;
  consumed: number | null;
  estimate: number;
}

const DAY = 86_400_000;

/**
 * The chart's points from GET /engagements/{id}/burn (cumulative, one per day on which either figure
 * changed). Consumption is carried on to `today` (an open engagement's line reaches the present); the
 * estimate on to `until` (the planned end's last day) when that is later, so the plan shows ahead.
 */
export function burnSeries(
  points: Burn['points'],
  o: { today?: string | undefined; until?: string | undefined } = {},
): BurnChartPoint[] {
  const out: BurnChartPoint[] = points.map((p) => ({
    t: dayToTime(p.date),
    day: p.date,
    consumed: p.consumed.amount,
    estimate: p.estimate.amount,
  }));
  const last = out.at(-1);
  if (!last) return out;
  if (o.today && o.today > last.day) out.push({ ...last, t: dayToTime(o.today), day: o.today });
  const end = out.at(-1)!;
  if (o.until && o.until > end.day)
    out.push({ t: dayToTime(o.until), day: o.until, consumed: null, estimate: end.estimate });
  return out;
}

/** The last planned day of an engagement in its customer's zone (an end is the first instant after it). */
export const lastPlannedDay = (plannedEnd: string | null, timeZone: string): string | undefined =>
  plannedEnd ? dayIn(new Date(Date.parse(plannedEnd) - 1).toISOString(), timeZone) : undefined;

/** Ticks on whole days between two days (ms at UTC midnight), every n-th day so that at most eight show. */
export function dayTicks(from: number, to: number): number[] {
  const start = Math.ceil(from / DAY) * DAY;
  const days: number[] = [];
  for (let t = start; t <= to; t += DAY) days.push(t);
  const every = Math.ceil(days.length / 8);
  return days.filter((_, i) => i % every === 0);
}
