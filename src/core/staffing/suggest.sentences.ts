import type { Span } from './suggest.hours.ts';
import type { Candidate, SuggestTarget } from './suggest.rules.ts';

/**
 * The sentences of staffing suggestions, written only for the consultants shown (a ranking of 500 shows 20)
 * from the figures the scoring measured: one decision (the value) in suggest.rules.ts, its words here.
 */

const HOUR = 3_600_000;

/** One collator: localeCompare with a locale builds one per call, which dominated a 500-consultant ranking. */
export const collator = new Intl.Collator('en');
/** 6390 → "6,390" without Intl (toLocaleString builds a formatter per call). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const pct = (x: number) => Math.max(0, Math.min(100, Math.round(x * 100)));
const hours = (ms: number) => Math.round(ms / HOUR);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
export const list = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Door-to-door estimate: by road up to 400 km (70 km/h), else by air (750 km/h plus 4 h of airports and transfers). */
export function travelEstimate(km: number): { hours: number; by: 'road' | 'air' } {
  if (km <= 400) return { hours: Math.max(0.5, Math.round((km / 70) * 2) / 2), by: 'road' };
  return { hours: Math.round((km / 750 + 4) * 2) / 2, by: 'air' };
}

export function skillsSentence(c: Candidate, t: SuggestTarget): string {
  if (t.requiredSkills.length === 0) {
    const top = [...c.skills].sort((a, b) => b.level - a.level || collator.compare(a.name, b.name)).slice(0, 3);
    return top.length
      ? `No skills are required; strongest in ${list(top.map((s) => `${s.name} (${s.level}/5)`))}.`
      : 'No skills are required.';
  }
  const parts = t.requiredSkills.map((r) => {
    const have = c.skills.find((s) => s.skillId === r.skillId)!;
    return `${r.name} ${have.level}/5 (needs ${r.minLevel})`;
  });
  const n = t.requiredSkills.length;
  return `Covers ${n === 1 ? 'the required skill' : `all ${n} required skills`}: ${list(parts)}.`;
}

export function availabilitySentence(spans: Span[], t: SuggestTarget, free: number, total: number): string {
  if (total === 0) return 'Has no working hours in the planned window.';
  const start = t.window.start.getTime();
  const end = t.window.end.getTime();
  const inWindow = spans.filter((b) => b.e > start && b.s < end);
  const timeOff = inWindow.filter((b) => !b.booking).length;
  const booked = inWindow.length - timeOff;
  const why =
    free === total
      ? 'nothing else is booked then'
      : 'the rest is taken by ' +
        list([
          ...(booked ? [`${plural(booked, 'booking')} elsewhere`] : []),
          ...(timeOff ? [`${plural(timeOff, 'period')} of time off`] : []),
        ]);
  return `Free ${hours(free)} of ${hours(total)} working hours in the planned window; ${why}.`;
}

export function timeZoneSentence(c: Candidate, t: SuggestTarget, overlap: number): string {
  if (t.mode === 'onsite') return 'Not weighed: the work is on site.';
  if (!t.site) return "The customer's business hours are not known.";
  const site = t.site.businessHours;
  const wh = c.workingHours;
  const h = Math.round((overlap / 60) * 10) / 10;
  const business = `${hhmm(site.startMinute)}–${hhmm(site.endMinute)} ${site.timeZone}`;
  return (
    `Works ${hhmm(wh.startMinute)}–${hhmm(wh.endMinute)} ${wh.timeZone}; ` +
    (overlap === 0
      ? `no overlap with the site's business hours (${business}).`
      : `overlaps the site's business hours (${business}) by ${h} h a day.`)
  );
}

/** `km` null: the distance is not known. */
export function distanceSentence(c: Candidate, t: SuggestTarget, km: number | null): string {
  if (t.mode === 'remote') return 'Not weighed: the work is remote.';
  if (km === null || !c.homeBase || !t.site) return 'The distance to the site is not known.';
  const trip = travelEstimate(km);
  const rounded = km < 10 ? Math.round(km) : Math.round(km / 10) * 10;
  return `Home base ${c.homeBase.city}, ${c.homeBase.country} is ${thousands(rounded)} km from ${t.site.name} (about ${trip.hours} h by ${trip.by}).`;
}

export function loadSentence(booked: number, total: number): string {
  const share = total ? booked / total : 0;
  return `Booked ${hours(booked)} of ${hours(total)} working hours in the next two weeks (${pct(share)} %).`;
}

export function certificationsSentence(c: Candidate, t: SuggestTarget, day: string): string {
  const valid = c.certifications.filter((x) => x.expiresOn === null || x.expiresOn >= day);
  const preferred = t.preferredCertifications;
  if (preferred.length === 0) {
    const names = valid.map((x) => x.name).sort();
    return names.length ? `No certifications are preferred; holds ${list(names)}.` : 'No certifications are preferred.';
  }
  const held = preferred.filter((p) => valid.some((v) => v.certificationId === p.id));
  const lacking = preferred.filter((p) => !held.includes(p));
  const expired = lacking.filter((p) => c.certifications.some((x) => x.certificationId === p.id));
  return (
    (held.length
      ? `Holds ${held.length} of ${preferred.length} preferred certifications (${list(held.map((h) => h.name))})`
      : `Holds none of the preferred certifications (${list(preferred.map((p) => p.name))})`) +
    (expired.length ? `; ${list(expired.map((e) => e.name))} expired before the start.` : '.')
  );
}
