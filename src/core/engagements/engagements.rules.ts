import { DateTime } from 'luxon';
import { allowedTargets, canTransition, engagementTransitions, type TransitionVia } from '../../shared/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import type { EngagementStatus } from './engagements.tables.ts';

const labels: Record<EngagementStatus, string> = {
  scheduled: 'scheduled',
  in_progress: 'in progress',
  on_hold: 'on hold',
  delivering: 'delivering',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** Refuses a move the lifecycle does not allow through this operation: 409 INVALID_TRANSITION saying what is possible. */
export function assertTransition(
  from: EngagementStatus,
  to: EngagementStatus,
  via: TransitionVia = 'transition',
  statusBeforeHold: EngagementStatus | null = null,
): void {
  if (canTransition(from, to, via, statusBeforeHold)) return;
  const allowed = allowedTargets(from, 'transition', statusBeforeHold);
  const viaOperation = engagementTransitions[from].find((t) => t.to === to && t.via !== via);
  const hint = viaOperation
    ? ` Use the ${viaOperation.via} operation (POST /api/v1/engagements/{id}/${viaOperation.via}): it posts the ledger entries that ${to === 'closed' ? 'closing' : 'cancelling'} needs.`
    : from === 'closed' || from === 'cancelled'
      ? ' It is final.'
      : allowed.length
        ? ` From ${from} it can move to ${allowed.join(', ')}.`
        : '';
  throw new AppError(
    'INVALID_TRANSITION',
    `The engagement is ${labels[from]} (status ${from}): it cannot move to ${to} this way.${hint}`,
    { from, to, allowed },
  );
}

/** ENG-2026-0007. */
export const engagementNumber = (year: number, sequence: number): string =>
  `ENG-${year}-${String(sequence).padStart(4, '0')}`;

/**
 * A planned date from an EWO or a PATCH: an instant (ISO 8601 with offset) as is, or a calendar date
 * (YYYY-MM-DD) in the customer's time zone — a start at the beginning of that day, an end at the end of it.
 */
export function plannedInstant(
  value: Date | string | null | undefined,
  edge: 'start' | 'end',
  timeZone: string,
): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: timeZone });
    if (!day.isValid)
      throw new AppError('VALIDATION_FAILED', `${value} is not a calendar date.`, {
        errors: [{ path: edge === 'start' ? 'plannedStart' : 'plannedEnd', message: 'not a date' }],
      });
    return (edge === 'start' ? day.startOf('day') : day.plus({ days: 1 }).startOf('day')).toJSDate();
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()))
    throw new AppError('VALIDATION_FAILED', `${value} is not a date or an instant.`, {
      errors: [{ path: edge === 'start' ? 'plannedStart' : 'plannedEnd', message: 'not an instant' }],
    });
  return instant;
}

/** The calendar event of a schedule: start and end; a start without an end lasts one hour, an end without a start is no event. */
export function scheduleWindow(start: Date | null, end: Date | null): { start: Date; end: Date } | null {
  if (!start) return null;
  return { start, end: end && end.getTime() > start.getTime() ? end : new Date(start.getTime() + 60 * 60_000) };
}
