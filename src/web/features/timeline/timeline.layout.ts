import { shareOf } from '../../../shared/timeline.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Left and width of a bar as percentages of the visible window (clamped to it). */
export function barBox(start: string, end: string, from: number, to: number): { left: string; width: string } {
  const left = shareOf(Date.parse(start), from, to);
  const right = shareOf(Date.parse(end), from, to);
  return { left: `${(left * 100).toFixed(3)}%`, width: `${Math.max(0.4, (right - left) * 100).toFixed(3)}%` };
}

/** A stable colour per engagement, so that its bars read as one across consultants. */
export function engagementColor(engagementId: string): string {
  let hash = 0;
  for (const char of engagementId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 40%)`;
}

/** Local midnight of the day `instant` falls on (the viewer's zone). */
export function startOfLocalDay(instant: number): number {
  const date = new Date(instant);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** The visible days: local midnights from `from` for `days` days. */
export function dayTicks(from: number, days: number): number[] {
  const out: number[] = [];
  const date = new Date(from);
  for (let i = 0; i < days; i++) {
    out.push(date.getTime());
    date.setDate(date.getDate() + 1);
  }
  return out;
}

/** `end` of a window of `days` local days from `from`. */
export function addLocalDays(from: number, days: number): number {
  const date = new Date(from);
  date.setDate(date.getDate() + days);
  return date.getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as an `<input type="datetime-local">` value in the viewer's zone. */
export function toLocalInput(instant: number): string {
  const d = new Date(instant);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (the viewer's zone) as an ISO instant, or null when incomplete. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A period as people read it, in the viewer's zone: "Tue 3 Nov 09:00 – Thu 5 Nov 18:00". */
export function periodLabel(start: string, end: string): string {
  const format = (iso: string) =>
    new Date(iso).toLocaleString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  return `${format(start)} – ${format(end)}`;
}

/** What a 409 BOOKING_CONFLICT names: the bookings or time off the period runs into. */
export interface ConflictItem {
  kind: string;
  start: string;
  end: string;
  engagementNumber: string | null;
  status: string | null;
}

const isConflict = (value: unknown): value is ConflictItem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ConflictItem).start === 'string' &&
  typeof (value as ConflictItem).end === 'string';

/** The conflicts in a problem's `details`, wherever the server put them (a list, or one object). */
export function conflictsOf(details: Record<string, unknown>): ConflictItem[] {
  const lists = Object.values(details).filter(Array.isArray).flat();
  const found = lists.filter(isConflict);
  if (found.length > 0) return found;
  return isConflict(details) ? [details] : Object.values(details).filter(isConflict);
}

/** One day in milliseconds (moves by whole days). */
export const ONE_DAY = DAY;
