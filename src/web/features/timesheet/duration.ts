/**
 * Durations as a consultant types them in a timesheet cell, and back. Hours are the natural unit of a
 * timesheet: a bare number is hours ("2", "1.5", "0,75"); "1h30", "1h30m", "1:30", "90m", "1.5h" and
 * "45 min" work too. The result is whole minutes as worked (the server rounds up to the contract's increment).
 */
export const MAX_ENTRY_MINUTES = 24 * 60;

export type ParsedDuration = { ok: true; minutes: number } | { ok: false; message: string };

const hint = 'write 1h30, 90m, 1.5 or 1:30';

export function parseDuration(input: string): ParsedDuration {
  const text = input.trim().toLowerCase().replace(/\s+/g, '').replace(',', '.');
  if (text === '' || text === '0' || text === '-') return { ok: true, minutes: 0 };
  let minutes: number | null = null;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2}):([0-5]\d)$/.exec(text))) minutes = Number(match[1]) * 60 + Number(match[2]);
  else if ((match = /^(\d+(?:\.\d+)?)(?:h|hrs?|hours?)?$/.exec(text))) minutes = Number(match[1]) * 60;
  else if ((match = /^(\d+)(?:m|mins?|minutes?)$/.exec(text))) minutes = Number(match[1]);
  else if ((match = /^(\d+)h(\d{1,2})(?:m|mins?)?$/.exec(text))) {
    if (Number(match[2]) >= 60)
      return { ok: false, message: `"${input}": minutes after the hours must be under 60 (${hint})` };
    minutes = Number(match[1]) * 60 + Number(match[2]);
  }
  if (minutes === null || !Number.isFinite(minutes))
    return { ok: false, message: `"${input}" is not a duration: ${hint}` };
  if (!Number.isInteger(minutes)) {
    const whole = Math.round(minutes);
    if (Math.abs(whole - minutes) > 1e-9)
      return { ok: false, message: `"${input}" is not a whole number of minutes: ${hint}` };
    minutes = whole;
  }
  if (minutes > MAX_ENTRY_MINUTES) return { ok: false, message: 'At most 24h in one day.' };
  return { ok: true, minutes };
}

/** Minutes as a cell shows them: "1h30", "2h", "45m", "" for none. */
export function formatDuration(minutes: number): string {
  if (minutes <= 0) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest}m`;
  return rest ? `${hours}h${String(rest).padStart(2, '0')}` : `${hours}h`;
}
