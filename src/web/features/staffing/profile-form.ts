import type { ConsultantProfile, PatchConsultantBody, TravelReadiness } from '../../../shared/contracts/staffing.ts';

/** One certification row as typed: the catalog id and two optional calendar dates (YYYY-MM-DD or ''). */
export interface CertificationRow {
  key: string;
  certificationId: string;
  obtainedOn: string;
  expiresOn: string;
}

/** The managers' profile form as typed: every field a string, boolean or list the inputs hold. */
export interface ProfileFormState {
  title: string;
  languages: string[];
  city: string;
  country: string;
  latitude: string;
  longitude: string;
  timeZone: string;
  days: string[];
  start: string;
  end: string;
  travelReadiness: TravelReadiness;
  travelDocuments: string;
  onCallEligible: boolean;
  certifications: CertificationRow[];
}

let rowCounter = 0;
/** A key for a new list row (React needs one that survives removals). */
export const rowKey = (): string => `row-${++rowCounter}`;

/** The form's initial state from a stored profile. */
export function formOf(p: ConsultantProfile): ProfileFormState {
  const coordinate = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    title: p.title,
    languages: p.languages,
    city: p.homeBase?.city ?? '',
    country: p.homeBase?.country ?? '',
    latitude: coordinate(p.homeBase?.latitude),
    longitude: coordinate(p.homeBase?.longitude),
    timeZone: p.homeBase?.timeZone ?? p.timeZone,
    days: p.workingHours.days.map(String),
    start: p.workingHours.start,
    end: p.workingHours.end,
    travelReadiness: p.travelReadiness,
    travelDocuments: p.travelDocuments ?? '',
    onCallEligible: p.onCallEligible,
    certifications: p.certifications.map((c) => ({
      key: rowKey(),
      certificationId: c.certificationId,
      obtainedOn: c.obtainedOn ?? '',
      expiresOn: c.expiresOn ?? '',
    })),
  };
}

const LANGUAGE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A coordinate as typed: '' is none; otherwise a number within ±limit, or an error in plain words. */
function readCoordinate(text: string, limit: number, what: string): { value: number | null; error?: string } {
  const t = text.trim().replace(',', '.');
  if (!t) return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n)) return { value: null, error: `Write the ${what} as a number, e.g. 52.52.` };
  if (Math.abs(n) > limit) return { value: null, error: `The ${what} must be between −${limit} and ${limit}.` };
  return { value: n };
}

/**
 * The PATCH body of the managers' form, or the problems found, keyed like the API's field paths
 * (`homeBase.latitude`, `certifications.1.expiresOn`) so that the API's own refusals land on the same fields.
 */
export function bodyOf(
  f: ProfileFormState,
  revision: number,
): { body: PatchConsultantBody | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const country = f.country.trim().toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country))
    errors['homeBase.country'] = 'Use the two-letter country code, e.g. DE for Germany or US for the United States.';
  const lat = readCoordinate(f.latitude, 90, 'latitude');
  const lon = readCoordinate(f.longitude, 180, 'longitude');
  if (lat.error) errors['homeBase.latitude'] = lat.error;
  if (lon.error) errors['homeBase.longitude'] = lon.error;
  if (!lat.error && !lon.error && (lat.value === null) !== (lon.value === null))
    errors[lat.value === null ? 'homeBase.latitude' : 'homeBase.longitude'] =
      'Give both latitude and longitude, or neither.';
  if (!f.timeZone) errors['homeBase.timeZone'] = 'Choose the time zone the consultant works in.';
  const bad = f.languages.find((l) => !LANGUAGE.test(l));
  if (bad) errors['languages'] = `“${bad}” is not a language code: use codes such as en, de or pt-BR.`;
  if (!CLOCK.test(f.start)) errors['workingHours.start'] = 'Write the start as HH:MM, e.g. 09:00.';
  if (!CLOCK.test(f.end)) errors['workingHours.end'] = 'Write the end as HH:MM, e.g. 17:00.';
  else if (CLOCK.test(f.start) && f.end <= f.start)
    errors['workingHours.end'] = 'The working day must end after it starts.';
  const seen = new Set<string>();
  f.certifications.forEach((c, i) => {
    if (!c.certificationId) errors[`certifications.${i}.certificationId`] = 'Choose a certification or remove the row.';
    else if (seen.has(c.certificationId))
      errors[`certifications.${i}.certificationId`] = 'This certification is listed twice.';
    seen.add(c.certificationId);
    if (c.obtainedOn && !DATE.test(c.obtainedOn)) errors[`certifications.${i}.obtainedOn`] = 'Give a full date.';
    if (c.expiresOn && !DATE.test(c.expiresOn)) errors[`certifications.${i}.expiresOn`] = 'Give a full date.';
    else if (c.obtainedOn && c.expiresOn && c.expiresOn < c.obtainedOn)
      errors[`certifications.${i}.expiresOn`] = 'The expiry date must not be before the date obtained.';
  });
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    errors,
    body: {
      title: f.title.trim(),
      languages: [...new Set(f.languages)],
      homeBase: {
        city: f.city.trim() || null,
        country: country || null,
        latitude: lat.value,
        longitude: lon.value,
        timeZone: f.timeZone,
      },
      workingHours: { days: f.days.map(Number).sort((a, b) => a - b), start: f.start, end: f.end },
      travelReadiness: f.travelReadiness,
      travelDocuments: f.travelDocuments.trim(),
      onCallEligible: f.onCallEligible,
      certifications: f.certifications.map((c) => ({
        certificationId: c.certificationId,
        obtainedOn: c.obtainedOn || null,
        expiresOn: c.expiresOn || null,
      })),
      revision,
    },
  };
}

/** The first error of a list field (`languages.2` → under the languages input). */
export const errorUnder = (errors: Record<string, string>, field: string): string | undefined =>
  errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];

/** A calendar date as people read it ("3 Mar 2027"); no zone shifts a date. */
export const dateLabel = (date: string): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** A time-off period in the consultant's zone, whole days as dates ("3 Mar 2027 – 7 Mar 2027"). */
export function periodInZone(start: string, end: string, timeZone: string): string {
  const fmt = (iso: string, opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(undefined, { ...opts, timeZone }).format(new Date(iso));
  const parts = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(iso),
    );
  const wholeDays = parts(start) === '00:00' && parts(end) === '00:00';
  if (wholeDays) {
    const lastDay = new Date(Date.parse(end) - 1).toISOString();
    return `${fmt(start, { dateStyle: 'medium' })} – ${fmt(lastDay, { dateStyle: 'medium' })}`;
  }
  return `${fmt(start, { dateStyle: 'medium', timeStyle: 'short' })} – ${fmt(end, { dateStyle: 'medium', timeStyle: 'short' })}`;
}
