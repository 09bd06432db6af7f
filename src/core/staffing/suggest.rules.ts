import { countryName } from '../../shared/countries.ts';
import { byStart, dailyOverlapMinutes, fmtDate, freeOfSpans, hoursInWindow, type Span } from './suggest.hours.ts';
import * as say from './suggest.sentences.ts';

export { dailyOverlapMinutes, freeMs, hoursInWindow } from './suggest.hours.ts';
export { travelEstimate } from './suggest.sentences.ts';

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
const { collator, list, pct } = say;

/** Great-circle distance in km (haversine, mean Earth radius). */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------- one request's shared figures

/**
 * What depends only on a working schedule and the request (its window, now, the site): computed once per
 * distinct schedule (zone, hours, weekdays) in a ranking, not once per consultant. A ranking of 500 people
 * over eight zones computes eight.
 */
interface Schedule {
  window: [number, number][];
  windowTotal: number;
  load: [number, number][];
  loadTotal: number;
  /** Minutes a day the schedule overlaps the site's business hours (remote and hybrid with a site), else 0. */
  overlap: number;
}

interface Request {
  t: SuggestTarget;
  weights: StaffingWeights;
  startMs: number;
  /** The window's first day (UTC) that certifications must be valid on. */
  day: string;
  loadTo: Date;
  schedules: Map<string, Schedule>;
}

const scheduleKeys = new WeakMap<DailyHours, string>();
function scheduleKey(h: DailyHours): string {
  let key = scheduleKeys.get(h);
  if (key === undefined) {
    key = `${h.timeZone}|${h.startMinute}|${h.endMinute}|${h.weekdays.join(',')}`;
    scheduleKeys.set(h, key);
  }
  return key;
}

const sumOf = (intervals: [number, number][]) => {
  let total = 0;
  for (const [s, e] of intervals) total += e - s;
  return total;
};

function scheduleOf(r: Request, hours: DailyHours): Schedule {
  const key = scheduleKey(hours);
  let s = r.schedules.get(key);
  if (s) return s;
  const window = hoursInWindow(hours, r.t.window.start, r.t.window.end);
  const load = hoursInWindow(hours, r.t.now, r.loadTo);
  const site = r.t.site && r.t.mode !== 'onsite' ? r.t.site.businessHours : null;
  const length = site ? site.endMinute - site.startMinute : 0;
  s = {
    window,
    windowTotal: sumOf(window),
    load,
    loadTotal: sumOf(load),
    overlap: site ? Math.min(length, dailyOverlapMinutes(site, hours, r.t.window.start)) : 0,
  };
  r.schedules.set(key, s);
  return s;
}

function requestOf(t: SuggestTarget, weights: StaffingWeights): Request {
  return {
    t,
    weights,
    startMs: t.window.start.getTime(),
    day: t.window.start.toISOString().slice(0, 10),
    loadTo: new Date(t.now.getTime() + LOAD_HORIZON_DAYS * DAY),
    schedules: new Map(),
  };
}

/** The consultant's busy periods as spans sorted by start (stable: equal starts keep their order). */
function spansOf(c: Candidate): Span[] {
  const spans: Span[] = [];
  for (const b of c.busy)
    spans.push({
      s: b.start.getTime(),
      e: b.end.getTime(),
      booking: b.kind === 'booking',
      blocking: b.blocking,
      label: b.label,
    });
  if (spans.length > 1) spans.sort(byStart);
  return spans;
}

// ---------------------------------------------------------------- exclusions

function levelOf(c: Candidate, skillId: string): number | null {
  for (const s of c.skills) if (s.skillId === skillId) return s.level;
  return null;
}

function missingSkills(c: Candidate, t: SuggestTarget): string[] | null {
  let missing: string[] | null = null;
  for (const r of t.requiredSkills) {
    const level = levelOf(c, r.skillId);
    if (level !== null && level >= r.minLevel) continue;
    (missing ??= []).push(
      level === null ? `${r.name} (needs level ${r.minLevel})` : `${r.name} at level ${level} (needs ${r.minLevel})`,
    );
  }
  return missing;
}

function exclusionOf(c: Candidate, spans: Span[], r: Request): Exclusion | null {
  const t = r.t;
  const missing = missingSkills(c, t);
  const base = { consultantId: c.consultantId, name: c.name };
  if (missing) return { ...base, reason: 'missing_skill', sentence: `${c.name} lacks ${list(missing)}.` };
  if (t.mode === 'onsite' && c.travel === 'none')
    return { ...base, reason: 'does_not_travel', sentence: `${c.name} does not travel, and the work is on site.` };
  if (t.mode === 'onsite' && c.travel === 'domestic' && t.site?.country && c.homeBase?.country !== t.site.country)
    return {
      ...base,
      reason: 'does_not_travel',
      sentence: `${c.name} travels only within ${c.homeBase?.country ? countryName(c.homeBase.country) : 'the home country'}, and the site is in ${countryName(t.site.country)}.`,
    };
  // The blocking period under way at the start that began first (spans are sorted by start).
  let atStart: Span | null = null;
  for (const b of spans) {
    if (b.s > r.startMs) break;
    if (b.blocking && b.e > r.startMs) {
      atStart = b;
      break;
    }
  }
  if (!atStart) return null;
  const until = fmtDate(new Date(atStart.e - 1), c.workingHours.timeZone);
  return atStart.booking
    ? {
        ...base,
        reason: 'conflict',
        sentence: `${c.name} is booked on ${atStart.label} through ${until}, when the work starts.`,
      }
    : { ...base, reason: 'time_off', sentence: `${c.name} is on time off through ${until}, when the work starts.` };
}

// ---------------------------------------------------------------- criteria (values; sentences for those shown)

/** A consultant's figures in one ranking: the values of the criteria and what their sentences need. */
interface Scored {
  c: Candidate;
  spans: Span[];
  schedule: Schedule;
  score: number;
  /** Values and weights in the order of criterionKeys. */
  values: number[];
  weights: number[];
  free: number;
  booked: number;
  km: number | null;
}

function skillsValue(c: Candidate, t: SuggestTarget): number {
  if (t.requiredSkills.length === 0) return 100;
  let sum = 0;
  for (const r of t.requiredSkills) sum += levelOf(c, r.skillId)!;
  return pct(sum / t.requiredSkills.length / 5);
}

function kmToSite(c: Candidate, t: SuggestTarget): number | null {
  const home = c.homeBase;
  const site = t.site;
  if (!site || site.latitude === null || site.longitude === null) return null;
  if (!home || home.latitude === null || home.longitude === null) return null;
  return greatCircleKm({ lat: home.latitude, lon: home.longitude }, { lat: site.latitude, lon: site.longitude });
}

function certificationsValue(c: Candidate, t: SuggestTarget, day: string): number {
  const preferred = t.preferredCertifications;
  if (preferred.length === 0) return 100;
  let held = 0;
  for (const p of preferred)
    for (const x of c.certifications)
      if (x.certificationId === p.id && (x.expiresOn === null || x.expiresOn >= day)) {
        held++;
        break;
      }
  return pct(held / preferred.length);
}

/** Every criterion's value (0–100) and the weighted score, in one pass without sentences. */
function score(c: Candidate, spans: Span[], r: Request): Scored {
  const t = r.t;
  const schedule = scheduleOf(r, c.workingHours);
  const free = freeOfSpans(schedule.window, spans, false);
  const booked = schedule.loadTotal - freeOfSpans(schedule.load, spans, true);
  const site = t.site?.businessHours;
  const length = site ? site.endMinute - site.startMinute : 0;
  const km = t.mode === 'remote' ? null : kmToSite(c, t);
  const values = [
    skillsValue(c, t),
    schedule.windowTotal === 0 ? 0 : pct(free / schedule.windowTotal),
    t.mode === 'onsite' ? 100 : !site ? 50 : length > 0 ? pct(schedule.overlap / length) : 0,
    t.mode === 'remote' ? 100 : km === null ? 50 : pct(1 / (1 + km / 1000)),
    pct(1 - (schedule.loadTotal ? booked / schedule.loadTotal : 0)),
    certificationsValue(c, t, r.day),
  ];
  const w = r.weights;
  const weights = [
    w.skills,
    w.availability,
    t.mode === 'onsite' ? 0 : w.timeZone,
    t.mode === 'remote' ? 0 : w.distance,
    w.load,
    w.certifications,
  ];
  let weightSum = 0;
  let weighted = 0;
  for (let i = 0; i < values.length; i++) {
    weightSum += weights[i]!;
    weighted += weights[i]! * values[i]!;
  }
  return {
    c,
    spans,
    schedule,
    score: weightSum ? Math.round(weighted / weightSum) : 0,
    values,
    weights,
    free,
    booked,
    km,
  };
}

function spoken(s: Scored, r: Request): Suggestion {
  const c = s.c;
  const t = r.t;
  const sentences = [
    say.skillsSentence(c, t),
    say.availabilitySentence(s.spans, t, s.free, s.schedule.windowTotal),
    say.timeZoneSentence(c, t, s.schedule.overlap),
    say.distanceSentence(c, t, s.km),
    say.loadSentence(s.booked, s.schedule.loadTotal),
    say.certificationsSentence(c, t, r.day),
  ];
  return {
    consultantId: c.consultantId,
    name: c.name,
    score: s.score,
    criteria: criterionKeys.map((key, i) => ({
      key,
      value: s.values[i]!,
      weight: s.weights[i]!,
      sentence: sentences[i]!,
    })),
  };
}

// ---------------------------------------------------------------- ranking

/** Scores one consultant who can serve. */
export function scoreCandidate(c: Candidate, t: SuggestTarget, weights: StaffingWeights): Suggestion {
  const r = requestOf(t, weights);
  return spoken(score(c, spansOf(c), r), r);
}

const byName = (a: { name: string; consultantId: string }, b: { name: string; consultantId: string }) =>
  collator.compare(a.name, b.name) || (a.consultantId < b.consultantId ? -1 : a.consultantId > b.consultantId ? 1 : 0);
const byScoreThenName = (a: Scored, b: Scored) => b.score - a.score || byName(a.c, b.c);

/**
 * Ranks every consultant: who can serve by score (ties by name, then id), who cannot apart with the reason.
 * One pass of plain loops: what depends on a schedule is computed once per schedule, sentences only for the
 * suggestions returned (the product runs under tsx, where every closure created in a hot loop is costly).
 */
export function rankCandidates(
  candidates: Candidate[],
  target: SuggestTarget,
  weights: StaffingWeights = defaultStaffingWeights,
  limit = Infinity,
): { suggestions: Suggestion[]; excluded: Exclusion[] } {
  const r = requestOf(target, weights);
  const suggestions: Scored[] = [];
  const excluded: Exclusion[] = [];
  for (const c of candidates) {
    const spans = spansOf(c);
    const ex = exclusionOf(c, spans, r);
    if (ex) {
      excluded.push(ex);
      continue;
    }
    const s = score(c, spans, r);
    if (s.values[1] === 0) {
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
  suggestions.sort(byScoreThenName);
  excluded.sort(byName);
  const shown = suggestions.slice(0, limit);
  const out: Suggestion[] = [];
  for (const s of shown) out.push(spoken(s, r));
  return { suggestions: out, excluded };
}
