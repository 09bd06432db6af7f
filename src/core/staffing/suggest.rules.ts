import { countryName } from '../../shared/countries.ts';
import { dailyOverlapMinutes, fmtDate, freeMs, hoursInWindow } from './suggest.hours.ts';

export { dailyOverlapMinutes, freeMs, hoursInWindow } from './suggest.hours.ts';

/**
 * Pure scoring of staffing suggestions: every consultant gets one value (0–100) per criterion and a sentence a
 * manager can read aloud; the total is the weighted mean of the criteria that apply to the delivery mode.
 * Consultants who cannot serve are listed apart with the reason. Deterministic: same input, same order.
 */

export const criterionKeys = ['skills', 'availability', 'timeZone', 'distance', 'load', 'certifications'] as const;
export type CriterionKey = (typeof criterionKeys)[number];
export type StaffingWeights = Record<CriterionKey, number>;

/** Defaults (documented in src/core/staffing/README.md and the settings contract). */
export const defaultStaffingWeights: StaffingWeights = {
  skills: 35,
  availability: 25,
  timeZone: 10,
  distance: 10,
  load: 10,
  certifications: 10,
};

export interface RequiredSkill {
  skillId: string;
  name: string;
  minLevel: number;
}

export interface NamedItem {
  id: string;
  name: string;
}

/** Daily working or business hours, minutes after local midnight, on ISO weekdays (1 = Monday). */
export interface DailyHours {
  startMinute: number;
  endMinute: number;
  weekdays: number[];
  timeZone: string;
}

export interface BusyPeriod {
  start: Date;
  end: Date;
  kind: 'booking' | 'time_off';
  /** Confirmed bookings and time off block; tentative bookings only count as load. */
  blocking: boolean;
  /** What a manager reads: "ENG-2026-0012" or "time off". */
  label: string;
}

export interface Candidate {
  consultantId: string;
  name: string;
  skills: { skillId: string; name: string; level: number }[];
  certifications: { certificationId: string; name: string; expiresOn: string | null }[];
  homeBase: { city: string; country: string; latitude: number | null; longitude: number | null } | null;
  workingHours: DailyHours;
  /** Travel readiness: null = does not travel, 'domestic' or 'international'. */
  travel: 'none' | 'domestic' | 'international';
  busy: BusyPeriod[];
}

export interface SuggestTarget {
  window: { start: Date; end: Date };
  mode: 'onsite' | 'remote' | 'hybrid';
  site: {
    name: string;
    country: string | null;
    latitude: number | null;
    longitude: number | null;
    businessHours: DailyHours;
  } | null;
  requiredSkills: RequiredSkill[];
  preferredCertifications: NamedItem[];
  /** Business time: load is measured over the 14 days from here. */
  now: Date;
}

export interface Criterion {
  key: CriterionKey;
  /** 0–100. */
  value: number;
  /** The weight it counted with (0 when it does not apply to the delivery mode). */
  weight: number;
  sentence: string;
}

export interface Suggestion {
  consultantId: string;
  name: string;
  score: number;
  criteria: Criterion[];
}

export interface Exclusion {
  consultantId: string;
  name: string;
  reason: 'missing_skill' | 'time_off' | 'conflict' | 'no_free_time' | 'does_not_travel';
  sentence: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LOAD_HORIZON_DAYS = 14;

// ---------------------------------------------------------------- geometry and time

/** Great-circle distance in km (haversine, mean Earth radius). */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Door-to-door estimate: by road up to 400 km (70 km/h), else by air (750 km/h plus 4 h of airports and transfers). */
export function travelEstimate(km: number): { hours: number; by: 'road' | 'air' } {
  if (km <= 400) return { hours: Math.max(0.5, Math.round((km / 70) * 2) / 2), by: 'road' };
  return { hours: Math.round((km / 750 + 4) * 2) / 2, by: 'air' };
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** One collator: localeCompare with a locale builds one per call, which dominated a 500-consultant ranking. */
const collator = new Intl.Collator('en');
/** 6390 → "6,390" without Intl (toLocaleString builds a formatter per call). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const pct = (x: number) => Math.max(0, Math.min(100, Math.round(x * 100)));
const hours = (ms: number) => Math.round(ms / HOUR);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

// ---------------------------------------------------------------- exclusions

function exclusionOf(c: Candidate, t: SuggestTarget): Exclusion | null {
  const zone = c.workingHours.timeZone;
  const missing = t.requiredSkills.flatMap((r) => {
    const have = c.skills.find((s) => s.skillId === r.skillId);
    if (!have) return [`${r.name} (needs level ${r.minLevel})`];
    return have.level < r.minLevel ? [`${r.name} at level ${have.level} (needs ${r.minLevel})`] : [];
  });
  const base = { consultantId: c.consultantId, name: c.name };
  if (missing.length) return { ...base, reason: 'missing_skill', sentence: `${c.name} lacks ${list(missing)}.` };
  if (t.mode === 'onsite' && c.travel === 'none')
    return { ...base, reason: 'does_not_travel', sentence: `${c.name} does not travel, and the work is on site.` };
  if (t.mode === 'onsite' && c.travel === 'domestic' && t.site?.country && c.homeBase?.country !== t.site.country)
    return {
      ...base,
      reason: 'does_not_travel',
      sentence: `${c.name} travels only within ${c.homeBase?.country ? countryName(c.homeBase.country) : 'the home country'}, and the site is in ${countryName(t.site.country)}.`,
    };
  const startMs = t.window.start.getTime();
  const atStart = c.busy
    .filter((b) => b.blocking && b.start.getTime() <= startMs && b.end.getTime() > startMs)
    .sort((a, b) => a.start.getTime() - b.start.getTime())[0];
  if (atStart) {
    const until = fmtDate(new Date(atStart.end.getTime() - 1), zone);
    return atStart.kind === 'time_off'
      ? { ...base, reason: 'time_off', sentence: `${c.name} is on time off through ${until}, when the work starts.` }
      : {
          ...base,
          reason: 'conflict',
          sentence: `${c.name} is booked on ${atStart.label} through ${until}, when the work starts.`,
        };
  }
  return null;
}

// ---------------------------------------------------------------- criteria

/** A criterion whose sentence is written only for the consultants shown (a ranking of 500 shows 20). */
interface LazyCriterion {
  key: CriterionKey;
  value: number;
  say: () => string;
}

function skillsCriterion(c: Candidate, t: SuggestTarget): LazyCriterion {
  if (t.requiredSkills.length === 0) {
    const top = [...c.skills].sort((a, b) => b.level - a.level || collator.compare(a.name, b.name)).slice(0, 3);
    return {
      key: 'skills',
      value: 100,
      say: () =>
        top.length
          ? `No skills are required; strongest in ${list(top.map((s) => `${s.name} (${s.level}/5)`))}.`
          : 'No skills are required.',
    };
  }
  const parts = t.requiredSkills.map((r) => {
    const have = c.skills.find((s) => s.skillId === r.skillId)!;
    return { text: `${r.name} ${have.level}/5 (needs ${r.minLevel})`, level: have.level };
  });
  const mean = parts.reduce((a, p) => a + p.level, 0) / parts.length;
  return {
    key: 'skills',
    value: pct(mean / 5),
    say: () =>
      `Covers ${t.requiredSkills.length === 1 ? 'the required skill' : `all ${t.requiredSkills.length} required skills`}: ${list(parts.map((p) => p.text))}.`,
  };
}

function availabilityCriterion(c: Candidate, t: SuggestTarget): LazyCriterion {
  const intervals = hoursInWindow(c.workingHours, t.window.start, t.window.end);
  const total = intervals.reduce((a, [s, e]) => a + e - s, 0);
  const inWindow = c.busy.filter((b) => b.end > t.window.start && b.start < t.window.end);
  const free = freeMs(intervals, inWindow);
  if (total === 0) return { key: 'availability', value: 0, say: () => 'Has no working hours in the planned window.' };
  const timeOff = inWindow.filter((b) => b.kind === 'time_off').length;
  const booked = inWindow.filter((b) => b.kind === 'booking').length;
  const why =
    free === total
      ? 'nothing else is booked then'
      : 'the rest is taken by ' +
        list([
          ...(booked ? [`${plural(booked, 'booking')} elsewhere`] : []),
          ...(timeOff ? [`${plural(timeOff, 'period')} of time off`] : []),
        ]);
  return {
    key: 'availability',
    value: pct(free / total),
    say: () => `Free ${hours(free)} of ${hours(total)} working hours in the planned window; ${why}.`,
  };
}

function timeZoneCriterion(c: Candidate, t: SuggestTarget): LazyCriterion & { applies: boolean } {
  if (t.mode === 'onsite')
    return { key: 'timeZone', value: 100, applies: false, say: () => 'Not weighed: the work is on site.' };
  if (!t.site)
    return { key: 'timeZone', value: 50, applies: true, say: () => "The customer's business hours are not known." };
  const site = t.site.businessHours;
  const length = site.endMinute - site.startMinute;
  const overlap = Math.min(length, dailyOverlapMinutes(site, c.workingHours, t.window.start));
  const h = Math.round((overlap / 60) * 10) / 10;
  return {
    key: 'timeZone',
    value: length > 0 ? pct(overlap / length) : 0,
    applies: true,
    say: () =>
      `Works ${hhmm(c.workingHours.startMinute)}–${hhmm(c.workingHours.endMinute)} ${c.workingHours.timeZone}; ` +
      (overlap === 0
        ? `no overlap with the site's business hours (${hhmm(site.startMinute)}–${hhmm(site.endMinute)} ${site.timeZone}).`
        : `overlaps the site's business hours (${hhmm(site.startMinute)}–${hhmm(site.endMinute)} ${site.timeZone}) by ${h} h a day.`),
  };
}

function distanceCriterion(c: Candidate, t: SuggestTarget): LazyCriterion & { applies: boolean } {
  if (t.mode === 'remote')
    return { key: 'distance', value: 100, applies: false, say: () => 'Not weighed: the work is remote.' };
  const home = c.homeBase;
  if (
    !t.site ||
    t.site.latitude === null ||
    t.site.longitude === null ||
    !home ||
    home.latitude === null ||
    home.longitude === null
  )
    return { key: 'distance', value: 50, applies: true, say: () => 'The distance to the site is not known.' };
  const km = greatCircleKm(
    { lat: home.latitude, lon: home.longitude },
    { lat: t.site.latitude, lon: t.site.longitude },
  );
  const trip = travelEstimate(km);
  const siteName = t.site.name;
  const rounded = km < 10 ? Math.round(km) : Math.round(km / 10) * 10;
  return {
    key: 'distance',
    value: pct(1 / (1 + km / 1000)),
    applies: true,
    say: () =>
      `Home base ${home.city}, ${home.country} is ${thousands(rounded)} km from ${siteName} (about ${trip.hours} h by ${trip.by}).`,
  };
}

function loadCriterion(c: Candidate, t: SuggestTarget): LazyCriterion {
  const from = t.now;
  const to = new Date(from.getTime() + LOAD_HORIZON_DAYS * DAY);
  const intervals = hoursInWindow(c.workingHours, from, to);
  const total = intervals.reduce((a, [s, e]) => a + e - s, 0);
  const bookings = c.busy.filter((b) => b.kind === 'booking' && b.end > from && b.start < to);
  const booked = total - freeMs(intervals, bookings);
  const share = total ? booked / total : 0;
  return {
    key: 'load',
    value: pct(1 - share),
    say: () => `Booked ${hours(booked)} of ${hours(total)} working hours in the next two weeks (${pct(share)} %).`,
  };
}

function certificationsCriterion(c: Candidate, t: SuggestTarget): LazyCriterion {
  const day = t.window.start.toISOString().slice(0, 10);
  const valid = c.certifications.filter((x) => x.expiresOn === null || x.expiresOn >= day);
  const names = valid.map((x) => x.name).sort();
  if (t.preferredCertifications.length === 0)
    return {
      key: 'certifications',
      value: 100,
      say: () =>
        names.length ? `No certifications are preferred; holds ${list(names)}.` : 'No certifications are preferred.',
    };
  const held = t.preferredCertifications.filter((p) => valid.some((v) => v.certificationId === p.id));
  const lacking = t.preferredCertifications.filter((p) => !held.includes(p));
  const expired = lacking.filter((p) => c.certifications.some((x) => x.certificationId === p.id));
  return {
    key: 'certifications',
    value: pct(held.length / t.preferredCertifications.length),
    say: () =>
      (held.length
        ? `Holds ${held.length} of ${t.preferredCertifications.length} preferred certifications (${list(held.map((h) => h.name))})`
        : `Holds none of the preferred certifications (${list(t.preferredCertifications.map((p) => p.name))})`) +
      (expired.length ? `; ${list(expired.map((e) => e.name))} expired before the start.` : '.'),
  };
}

// ---------------------------------------------------------------- ranking

interface Scored {
  consultantId: string;
  name: string;
  score: number;
  criteria: (LazyCriterion & { weight: number })[];
}

function scoreLazily(c: Candidate, t: SuggestTarget, weights: StaffingWeights): Scored {
  const raw: (LazyCriterion & { applies?: boolean })[] = [
    skillsCriterion(c, t),
    availabilityCriterion(c, t),
    timeZoneCriterion(c, t),
    distanceCriterion(c, t),
    loadCriterion(c, t),
    certificationsCriterion(c, t),
  ];
  const criteria = raw.map(({ applies, ...r }) => ({ ...r, weight: applies === false ? 0 : weights[r.key] }));
  const weightSum = criteria.reduce((a, x) => a + x.weight, 0);
  const score = weightSum ? Math.round(criteria.reduce((a, x) => a + x.weight * x.value, 0) / weightSum) : 0;
  return { consultantId: c.consultantId, name: c.name, score, criteria };
}

const spoken = (s: Scored): Suggestion => ({
  consultantId: s.consultantId,
  name: s.name,
  score: s.score,
  criteria: s.criteria.map((x) => ({ key: x.key, value: x.value, weight: x.weight, sentence: x.say() })),
});

/** Scores one consultant who can serve. */
export function scoreCandidate(c: Candidate, t: SuggestTarget, weights: StaffingWeights): Suggestion {
  return spoken(scoreLazily(c, t, weights));
}

/** Ranks every consultant: who can serve by score (ties by name, then id), who cannot apart with the reason. */
export function rankCandidates(
  candidates: Candidate[],
  target: SuggestTarget,
  weights: StaffingWeights = defaultStaffingWeights,
  limit = Infinity,
): { suggestions: Suggestion[]; excluded: Exclusion[] } {
  const suggestions: Scored[] = [];
  const excluded: Exclusion[] = [];
  for (const c of candidates) {
    const ex = exclusionOf(c, target);
    if (ex) {
      excluded.push(ex);
      continue;
    }
    const s = scoreLazily(c, target, weights);
    if (s.criteria.find((x) => x.key === 'availability')!.value === 0) {
      excluded.push({
        consultantId: c.consultantId,
        name: c.name,
        reason: 'no_free_time',
        sentence: `${c.name} has no free working hours in the planned window.`,
      });
      continue;
    }
    suggestions.push(s);
  }
  const byName = (a: { name: string; consultantId: string }, b: { name: string; consultantId: string }) =>
    collator.compare(a.name, b.name) ||
    (a.consultantId < b.consultantId ? -1 : a.consultantId > b.consultantId ? 1 : 0);
  suggestions.sort((a, b) => b.score - a.score || byName(a, b));
  excluded.sort(byName);
  return { suggestions: suggestions.slice(0, limit).map(spoken), excluded };
}
