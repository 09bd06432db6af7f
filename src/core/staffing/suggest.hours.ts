import { DateTime } from 'luxon';
import type { DailyHours } from './suggest.rules.ts';

/**
 * The time arithmetic of staffing suggestions: working hours inside a window, free time after busy periods,
 * the daily overlap of two schedules, and dates as people write them. Luxon's zone arithmetic costs tens of
 * microseconds a call (an Intl offset lookup), so zone days and formatters are computed once per process.
 */
const intervalCache = new Map<string, [number, number][]>();
/** Local midnight (epoch ms) and ISO weekday of a zone's calendar day, keyed `zone|yyyy-mm-dd`. */
const midnightCache = new Map<string, { ms: number; weekday: number; next: string }>();

/**
 * The zone's calendar day: its local midnight and weekday, and the next day's key. Luxon's zone arithmetic
 * costs tens of microseconds a call (an Intl offset lookup), so each (zone, day) is computed once per process;
 * a ranking then walks its window by plain arithmetic (no luxon per consultant, per day or per request).
 */
function zoneDay(zone: string, iso: string): { ms: number; weekday: number; next: string } {
  const key = `${zone}|${iso}`;
  const hit = midnightCache.get(key);
  if (hit) return hit;
  const day = DateTime.fromISO(iso, { zone }).startOf('day');
  const entry = { ms: day.toMillis(), weekday: day.weekday, next: day.plus({ days: 1 }).toISODate()! };
  if (midnightCache.size > 50_000) midnightCache.clear();
  midnightCache.set(key, entry);
  return entry;
}

/** The daily hours as [start, end) epoch-ms intervals inside a window; cached per zone, hours and window. */
export function hoursInWindow(hours: DailyHours, start: Date, end: Date): [number, number][] {
  const key = `${hours.timeZone}|${hours.startMinute}|${hours.endMinute}|${hours.weekdays.join(',')}|${start.getTime()}|${end.getTime()}`;
  const cached = intervalCache.get(key);
  if (cached) return cached;
  const out: [number, number][] = [];
  const first = start.getTime();
  const last = end.getTime();
  // The window's first local day: found once from the nearest cached midnight (one luxon call otherwise).
  let iso = DateTime.fromMillis(first, { zone: hours.timeZone }).toISODate()!;
  for (let i = 0; i < 400; i++) {
    const day = zoneDay(hours.timeZone, iso);
    if (day.ms >= last) break;
    iso = day.next;
    if (!hours.weekdays.includes(day.weekday)) continue;
    // Minutes after midnight as elapsed time (as luxon's plus({ minutes }) counts them on a DST day).
    const s = Math.max(day.ms + hours.startMinute * 60_000, first);
    const e = Math.min(day.ms + hours.endMinute * 60_000, last);
    if (e > s) out.push([s, e]);
  }
  if (intervalCache.size > 2000) intervalCache.clear();
  intervalCache.set(key, out);
  return out;
}

/** A busy period as epoch ms, for the sweeps below; `booking` false = time off. */
export interface Span {
  s: number;
  e: number;
  booking: boolean;
  blocking: boolean;
  label: string;
}

/** Orders spans by start (a module-level comparator: no closure per call). */
export const byStart = (a: { s: number }, b: { s: number }) => a.s - b.s;

/**
 * Milliseconds of the intervals not covered by the spans (sorted by start), optionally bookings only: one
 * sweep, no allocation. Spans outside the intervals change nothing, so a caller need not filter them first.
 */
export function freeOfSpans(intervals: [number, number][], spans: Span[], bookingsOnly: boolean): number {
  let free = 0;
  for (const [s, e] of intervals) {
    let cursor = s;
    for (const span of spans) {
      if (bookingsOnly && !span.booking) continue;
      if (span.e <= cursor) continue;
      if (span.s >= e) break;
      if (span.s > cursor) free += span.s - cursor;
      cursor = Math.max(cursor, span.e);
      if (cursor >= e) break;
    }
    if (cursor < e) free += e - cursor;
  }
  return free;
}

/** Milliseconds of the intervals not covered by the busy periods (sorted or not: handled). */
export function freeMs(intervals: [number, number][], busy: { start: Date; end: Date }[]): number {
  const spans = busy
    .map((b): Span => ({ s: b.start.getTime(), e: b.end.getTime(), booking: true, blocking: true, label: '' }))
    .sort(byStart);
  return freeOfSpans(intervals, spans, false);
}

const overlapCache = new Map<string, number>();

/** Overlap in minutes of two daily schedules on the site's day of `day` (memoised: few zones, many people). */
export function dailyOverlapMinutes(site: DailyHours, person: DailyHours, day: Date): number {
  const key = `${site.timeZone}|${site.startMinute}|${site.endMinute}|${person.timeZone}|${person.startMinute}|${person.endMinute}|${person.weekdays.join(',')}|${day.getTime()}`;
  const hit = overlapCache.get(key);
  if (hit !== undefined) return hit;
  const minutes = computeOverlap(site, person, day);
  if (overlapCache.size > 2000) overlapCache.clear();
  overlapCache.set(key, minutes);
  return minutes;
}

function computeOverlap(site: DailyHours, person: DailyHours, day: Date): number {
  const siteDay = DateTime.fromJSDate(day, { zone: site.timeZone }).startOf('day');
  const s1 = siteDay.plus({ minutes: site.startMinute }).toMillis();
  const e1 = siteDay.plus({ minutes: site.endMinute }).toMillis();
  let best = 0;
  // The person's working day may be the site's previous, same or next calendar day.
  for (const shift of [-1, 0, 1]) {
    const pDay = DateTime.fromMillis(s1, { zone: person.timeZone }).startOf('day').plus({ days: shift });
    if (!person.weekdays.includes(pDay.weekday)) continue;
    const s2 = pDay.plus({ minutes: person.startMinute }).toMillis();
    const e2 = pDay.plus({ minutes: person.endMinute }).toMillis();
    best += Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
  }
  return Math.round(best / 60_000);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** "5 Dec 2026" in the zone, as luxon's 'd LLL yyyy' in English, with one Intl formatter per zone. */
export const fmtDate = (d: Date, zone: string): string => {
  let f = dayFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' });
    dayFormats.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(d)) parts[p.type] = p.value;
  return `${Number(parts['day'])} ${months[Number(parts['month']) - 1]} ${parts['year']}`;
};
