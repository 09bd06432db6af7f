import type { Executor } from '../../db/create-db.ts';
import { suggestRepo } from './suggest.repo.ts';
import type { BusyPeriod, Candidate, DailyHours } from './suggest.rules.ts';

/** A consultant as the roster knows her: everything but her busy periods. */
export type RosterEntry = Omit<Candidate, 'busy'>;

/** The candidates with their busy periods overlapping [from, to): read afresh, or through createStaffingCache. */
export type CandidateSource = (ex: Executor, from: Date, to: Date) => Promise<Candidate[]>;

const DAY = 86_400_000;
/** Windows whose busy periods are kept per process (most recently used first out of the way last). */
const BUSY_WINDOWS = 32;

const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Everyone who delivers work with profile, skills and certifications: three set reads, no busy periods. */
export async function loadRoster(ex: Executor): Promise<RosterEntry[]> {
  const [people, skills, certs] = await Promise.all([
    suggestRepo.consultants(ex),
    suggestRepo.skills(ex),
    suggestRepo.certifications(ex),
  ]);
  const skillMap = new Map(skills.map((r) => [r.user_id, r.items]));
  const certMap = new Map(certs.map((r) => [r.user_id, r.items]));
  return people.map((p): RosterEntry => {
    const wh = p.working_hours ?? { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    const hours: DailyHours = {
      startMinute: minuteOf(wh.start),
      endMinute: minuteOf(wh.end),
      weekdays: wh.days,
      timeZone: p.time_zone ?? 'UTC',
    };
    return {
      consultantId: p.id,
      name: p.name,
      skills: (skillMap.get(p.id) ?? []).map(([skillId, name, level]) => ({ skillId, name, level })),
      certifications: (certMap.get(p.id) ?? []).map(([certificationId, name, expiresOn]) => ({
        certificationId,
        name,
        expiresOn,
      })),
      homeBase: p.home_city
        ? {
            city: p.home_city,
            country: p.home_country ?? '',
            latitude: p.home_latitude,
            longitude: p.home_longitude,
          }
        : null,
      workingHours: hours,
      travel: p.travel_readiness ?? 'domestic',
    };
  });
}

/**
 * One consultant's busy periods of a read, with their bounds in epoch milliseconds as the database gave them
 * (fractions kept, so that narrowing to a window decides overlap exactly as the database's `&&` would).
 * Shared between rankings: never mutated.
 */
interface BusyOf {
  periods: BusyPeriod[];
  starts: number[];
  ends: number[];
}

type BusyMap = Map<string, BusyOf>;

/** Bookings (not cancelled) and time off overlapping [from, to), per consultant. */
async function readBusy(ex: Executor, from: Date, to: Date): Promise<BusyMap> {
  const rows = await suggestRepo.busy(ex, from, to);
  const map: BusyMap = new Map();
  // Plain loops with indexed tuples: array destructuring walks an iterator, and under tsx every closure made
  // per consultant is wrapped by __name; both showed in the profile of a 500-consultant ranking.
  for (const r of rows) {
    const of: BusyOf = { periods: [], starts: [], ends: [] };
    for (const item of r.items) {
      const start = Number(item[3]);
      const end = Number(item[4]);
      of.starts.push(start);
      of.ends.push(end);
      of.periods.push({
        start: new Date(start),
        end: new Date(end),
        kind: item[0] as BusyPeriod['kind'],
        blocking: item[1],
        label: item[2] ?? 'time off',
      });
    }
    map.set(r.consultant_id, of);
  }
  return map;
}

const NONE: BusyPeriod[] = [];

/** Her periods overlapping [from, to) (bounds `[)`): the read's own array when all of them do. */
function within(of: BusyOf | undefined, from: number, to: number): BusyPeriod[] {
  if (!of) return NONE;
  const { starts, ends } = of;
  let all = true;
  for (let i = 0; i < starts.length; i++) if (!(starts[i]! < to && ends[i]! > from)) all = false;
  if (all) return of.periods;
  const out: BusyPeriod[] = [];
  for (let i = 0; i < starts.length; i++) if (starts[i]! < to && ends[i]! > from) out.push(of.periods[i]!);
  return out;
}

function candidatesOf(people: RosterEntry[], busy: BusyMap, from: Date, to: Date): Candidate[] {
  const f = from.getTime();
  const t = to.getTime();
  const out: Candidate[] = [];
  for (const p of people) out.push({ ...p, busy: within(busy.get(p.consultantId), f, t) });
  return out;
}

/** Without a cache: the roster and the window's busy periods read afresh. */
export const readCandidates: CandidateSource = async (ex, from, to) => {
  const [people, busy] = await Promise.all([loadRoster(ex), readBusy(ex, from, to)]);
  return candidatesOf(people, busy, from, to);
};

/** Drops a cached read that failed, unless something newer took its place. */
function forgetOnFailure<T>(p: Promise<T>, drop: () => void): void {
  p.catch(drop);
}

/**
 * The roster and the busy periods kept in memory at the versions they were read at (migrations 0037 and 0035:
 * one-row versions raised by statement triggers in every writing transaction). Each ranking reads both versions
 * in one query and reloads only what moved, so a profile edit, a booking or time off written on any node is
 * seen by the next ranking. Busy periods are read for the window widened to whole UTC days (the same key all
 * day long although "now" moves), kept for the last 32 windows, and narrowed to the exact window in memory.
 * Versions are read before the data: a change committed in between gives newer data under an older version,
 * which the next call reloads (never older data under a newer one); a version older than the one held (a
 * slower connection) reads afresh without touching the cache.
 */
export function createStaffingCache(): CandidateSource {
  let roster: { version: string; value: Promise<RosterEntry[]> } | null = null;
  let busyVersion = -1n;
  const windows = new Map<string, Promise<BusyMap>>();

  const rosterAt = (ex: Executor, version: string): Promise<RosterEntry[]> => {
    if (roster?.version === version) return roster.value;
    const value = loadRoster(ex);
    const entry = { version, value };
    roster = entry;
    forgetOnFailure(value, () => {
      if (roster === entry) roster = null;
    });
    return value;
  };

  const busyAt = (ex: Executor, version: bigint, from: Date, to: Date): Promise<BusyMap> => {
    if (version < busyVersion) return readBusy(ex, from, to);
    if (version > busyVersion) {
      windows.clear();
      busyVersion = version;
    }
    const start = Math.floor(from.getTime() / DAY) * DAY;
    const end = Math.ceil(to.getTime() / DAY) * DAY;
    const key = `${start}/${end}`;
    let value = windows.get(key);
    if (value)
      windows.delete(key); // re-inserted below: the most recently used is the last to go
    else {
      value = readBusy(ex, new Date(start), new Date(end));
      const read = value;
      forgetOnFailure(read, () => {
        if (windows.get(key) === read) windows.delete(key);
      });
    }
    windows.set(key, value);
    if (windows.size > BUSY_WINDOWS) windows.delete(windows.keys().next().value!);
    return value;
  };

  return async (ex, from, to) => {
    const v = await suggestRepo.versions(ex);
    const [people, busy] = await Promise.all([rosterAt(ex, v.roster), busyAt(ex, BigInt(v.busy), from, to)]);
    return candidatesOf(people, busy, from, to);
  };
}
