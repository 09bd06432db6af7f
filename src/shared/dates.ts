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
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  let y = '';
  let m = '';
  let d = '';
  for (const p of f.formatToParts(now)) {
    if (p.type === 'year') y = p.value.padStart(4, '0');
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  return `${y}-${m}-${d}`;
}

function fromEpochDay(day: number): string {
  const t = new Date(day * DAY_MS);
  if (Number.isNaN(t.getTime()) || t.getUTCFullYear() > 9999) throw new Error(`day ${day} is past the year 9999`);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a calendar date written YYYY-MM-DD; throws on anything else (2026-02-30 included). */
function epochDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = new Date(0);
  if (m) t.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = t.getTime() / DAY_MS;
  if (!m || fromEpochDay(day) !== date) throw new Error(`not a calendar date (YYYY-MM-DD): ${date}`);
  return day;
}

/** The calendar date `days` days after `date` (before it when negative). */
export const addDays = (date: string, days: number): string => fromEpochDay(epochDay(date) + days);

/** Whole days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => epochDay(b) - epochDay(a);
