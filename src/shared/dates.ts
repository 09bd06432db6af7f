/**
 * Calendar dates (YYYY-MM-DD) in a customer's time zone, pure and browser-safe: the ledger, requests and
 * the timesheet page all count days with these.
 */

// Plain arithmetic on 'YYYY-MM-DD' and one cached Intl formatter per zone: the balance read computes
// several dates per request, and each went through luxon's parsing and zone maths (~0.1 ms a read).
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const DAY_MS = 86_400_000;

/**
 * Answers by zone and whole second (zone offsets are whole seconds, so exact): a server asks for "today" on
 * every balance read and effort posting, and effort also for its engagement's approval day. Bounded: cleared when full.
 */
const days = new Map<string, string>();
const DAYS_MAX = 1_024;

/** The date (YYYY-MM-DD) of an instant in a time zone: today, for the clock's now. */
export function localDate(now: Date, timeZone: string): string {
  const key = `${Math.floor(now.getTime() / 1000)} ${timeZone}`;
  let date = days.get(key);
  if (date === undefined) {
    if (days.size >= DAYS_MAX) days.clear();
    days.set(key, (date = formatDay(now, timeZone)));
  }
  return date;
}

function formatDay(now: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  let year = '';
  let month = '';
  let dayOfMonth = '';
  for (const p of format.formatToParts(now)) {
    if (p.type === 'year') year = p.value.padStart(4, '0');
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') dayOfMonth = p.value;
  }
  return `${year}-${month}-${dayOfMonth}`;
}

function fromEpochDay(day: number): string {
  const date = new Date(day * DAY_MS);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) throw new Error(`day ${day} is past the year 9999`);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a calendar date written YYYY-MM-DD; throws on anything else (2026-02-30 included). */
function epochDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = new Date(0);
  if (match) parsed.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = parsed.getTime() / DAY_MS;
  if (!match || fromEpochDay(day) !== date) throw new Error(`not a calendar date (YYYY-MM-DD): ${date}`);
  return day;
}

/** The calendar date `days` days after `date` (before it when negative). */
export const addDays = (date: string, days: number): string => fromEpochDay(epochDay(date) + days);

/** Whole days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => epochDay(b) - epochDay(a);

// One cached Intl formatter per zone for the times quoted to people ("Tue 8 Dec 09:00").
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function zonedParts(at: Date, timeZone: string): { day: string; time: string; year: string } {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, format);
  }
  const p: Record<string, string> = {};
  for (const part of format.formatToParts(at)) p[part.type] = part.value;
  return { day: `${p.weekday} ${p.day} ${p.month}`, time: `${p.hour}:${p.minute}`, year: p.year ?? '' };
}

/** An instant as people write it in a named zone: "09:00 on Tue 8 Dec 2026 (Europe/Berlin)", "… (UTC)". */
export function zonedTime(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.time} on ${p.day} ${p.year} (${timeZone})`;
}

/**
 * A period `[start, end)` as people write it in a named zone: "Tue 8 Dec 09:00 to 17:00 (Europe/Berlin)",
 * "Tue 8 Dec 22:00 to Wed 9 Dec 06:00 (UTC)"; whole days (midnight to midnight) as "Mon 7 Dec to Tue 8 Dec
 * (Europe/Berlin)", the last day included. The year is named when the period crosses one.
 */
export function zonedPeriod(start: Date, end: Date, timeZone: string): string {
  const a = zonedParts(start, timeZone);
  const b = zonedParts(end, timeZone);
  if (a.time === '00:00' && b.time === '00:00' && end.getTime() > start.getTime()) {
    const last = zonedParts(new Date(end.getTime() - 1), timeZone);
    if (last.day === a.day && last.year === a.year) return `${a.day} (${timeZone})`;
    const y = a.year !== last.year;
    return `${y ? `${a.day} ${a.year}` : a.day} to ${y ? `${last.day} ${last.year}` : last.day} (${timeZone})`;
  }
  const withYear = a.year !== b.year;
  const day = (p: { day: string; year: string }) => (withYear ? `${p.day} ${p.year}` : p.day);
  const to = a.day === b.day && a.year === b.year ? b.time : `${day(b)} ${b.time}`;
  return `${day(a)} ${a.time} to ${to} (${timeZone})`;
}

/** A calendar date (YYYY-MM-DD) as people write it: "Mon 2 Nov 2026". */
export function dayLabel(date: string): string {
  const p = zonedParts(new Date(epochDay(date) * DAY_MS), 'UTC');
  return `${p.day} ${p.year}`;
}
