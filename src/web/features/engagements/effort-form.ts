import { formatAmount } from '../../../shared/units.ts';
import { readAmount } from '../contracts/amount.ts';
import { dayIn } from '../contracts/balance-series.ts';
import { newIdempotencyKey } from '../customers/form.ts';
import type { Activity, LogEffortBody } from './engagements.types.ts';

/** The most minutes one entry may carry (a day). */
export const MAX_ENTRY_MINUTES = 24 * 60;

/**
 * Minutes as a person types them: "1h30m", "1.5h", "90m" or "90" (minutes). Returns the whole minutes,
 * or the message to show under the field ('' when the field is empty).
 */
export function parseMinutes(text: string): { minutes: number | null; message: string | null } {
  if (!text.trim()) return { minutes: null, message: 'Enter the time worked, for example 1h30m or 90m.' };
  const parsed = readAmount(text, 'hours');
  if (parsed.message) return { minutes: null, message: 'Write the time as 1h30m, 1.5h or 90m.' };
  const minutes = parsed.amount ?? 0;
  if (minutes < 1) return { minutes: null, message: 'At least one minute.' };
  if (minutes > MAX_ENTRY_MINUTES) return { minutes: null, message: 'At most 24h per entry: log each day on its own.' };
  return { minutes, message: null };
}

/** Minutes as the server displays hours everywhere: 90 → "1h 30m", 45 → "0h 45m". */
export const minutesLabel = (minutes: number): string => formatAmount(minutes, 'minute');

export interface EffortDraft {
  userId: string;
  date: string;
  duration: string;
  activity: Activity;
  afterHours: boolean;
  note: string;
}

/** The body of POST /engagements/{id}/effort from a draft whose duration parsed. */
export function effortBody(draft: EffortDraft, minutes: number): LogEffortBody {
  return {
    userId: draft.userId,
    date: draft.date,
    minutes,
    activity: draft.activity,
    afterHours: draft.afterHours,
    note: draft.note.trim(),
  };
}

/**
 * The Idempotency-Key of a submission: a new key for new content, the same key when the same content is
 * sent again after a failure or a lost answer (so a retry never logs the work twice). After a success the
 * caller forgets the key, and the next submission of even identical content is new work.
 */
export function submissionKey(
  previous: { key: string; body: string } | null,
  body: LogEffortBody,
  fresh: () => string = newIdempotencyKey,
): { key: string; body: string } {
  const text = JSON.stringify(body);
  return previous && previous.body === text ? previous : { key: fresh(), body: text };
}

/** Today's calendar date in a time zone (the customer's: effort dates are counted there). */
export const todayIn = (timeZone: string, now: Date = new Date()): string => dayIn(now.toISOString(), timeZone);
