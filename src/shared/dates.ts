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
