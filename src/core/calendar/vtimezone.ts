import { DateTime, IANAZone } from 'luxon';

const DAY = 24 * 60 * 60 * 1000;

const offsetAt = (zone: string, ms: number): number => IANAZone.create(zone).offset(ms);

/** 20261102T034500: a wall-clock time, as iCalendar writes local times. */
export const icalLocal = (ms: number, offsetMinutes: number): string =>
  DateTime.fromMillis(ms + offsetMinutes * 60_000, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss");

const icalOffset = (minutes: number): string => {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

interface Transition {
  at: number;
  from: number;
  to: number;
}

const byYear = new Map<string, Transition[]>();

/** The offset changes of one UTC calendar year, computed once per zone and year. */
function yearTransitions(zone: string, year: number): Transition[] {
  const key = `${zone}|${year}`;
  let found = byYear.get(key);
  if (!found) {
    found = scan(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    byYear.set(key, found);
  }
  return found;
}

/** The instants in [fromMs, toMs) where the zone's UTC offset changes (daylight saving, zone reforms). */
export function offsetTransitions(zone: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  for (let year = new Date(fromMs).getUTCFullYear(); year <= new Date(toMs).getUTCFullYear(); year++) {
    out.push(...yearTransitions(zone, year).filter((change) => change.at >= fromMs && change.at < toMs));
  }
  return out;
}

function scan(zone: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  let prev = offsetAt(zone, fromMs);
  for (let dayStart = fromMs; dayStart < toMs;) {
    const next = Math.min(dayStart + DAY, toMs);
    const offset = offsetAt(zone, next);
    if (offset !== prev) {
      let lo = dayStart;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid) === offset) hi = mid;
        else lo = mid;
      }
      out.push({ at: hi, from: prev, to: offset });
      prev = offset;
    }
    dayStart = next;
  }
  return out;
}

/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for `zone` that covers the year around `instants`: the offset in force
 * before them and every change within a year either side, each as a one-time observance. Clients then
 * show the event in the zone it was planned in and convert it correctly, daylight saving included.
 */
export function vtimezoneLines(zone: string, instants: Date[]): string[] {
  const times = instants.map((instant) => instant.getTime());
  const from = Math.min(...times) - 366 * DAY;
  const to = Math.max(...times) + 366 * DAY;
  const base = offsetAt(zone, from);
  const name = (ms: number) => DateTime.fromMillis(ms, { zone }).offsetNameShort ?? icalOffset(offsetAt(zone, ms));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  lines.push(
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${icalOffset(base)}`,
    `TZOFFSETTO:${icalOffset(base)}`,
    `TZNAME:${name(from)}`,
    'END:STANDARD',
  );
  for (const tr of offsetTransitions(zone, from, to)) {
    const kind = tr.to > tr.from ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${icalLocal(tr.at, tr.from)}`,
      `TZOFFSETFROM:${icalOffset(tr.from)}`,
      `TZOFFSETTO:${icalOffset(tr.to)}`,
      `TZNAME:${name(tr.at)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
