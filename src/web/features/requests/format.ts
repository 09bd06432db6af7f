/** An instant in a named time zone, with the zone's short name ("2 Mar 2026, 03:07 CST"). */
export function formatInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The reader's own time zone (the browser's). */
export const readerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Minutes in words for the SLA report: 18 → "18 min", 125 → "2 h 05 min". */
export function minutesText(minutes: number | null): string {
  if (minutes === null) return '—';
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, '0')} min`;
}

/** A local date-time picker value ("YYYY-MM-DD HH:mm:ss", the reader's zone) as an ISO instant with offset. */
export function pickerToIso(value: string): string {
  return new Date(value.replace(' ', 'T')).toISOString();
}

/** An instant as a local date-time picker value ("YYYY-MM-DD HH:mm:00", the reader's zone). */
export function isoToPicker(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:00`;
}

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) as text for labels and options ("19 Jul 2026"); no zone shifts it. */
export const dateText = (d: string): string => dateOnly.format(new Date(`${d}T00:00:00Z`));

/** A contract as an option of a select: "NW-IMR-2026 (active, 19 Jul 2026 to 18 Jul 2027)". */
export const contractLabel = (contract: {
  number: string;
  status: string;
  termStart: string;
  termEnd: string;
}): string =>
  `${contract.number} (${contract.status}, ${dateText(contract.termStart)} to ${dateText(contract.termEnd)})`;
