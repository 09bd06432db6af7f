import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import { createCalendarFeed, readCalendarFeed } from './calendar-feed.ts';
import type { CalendarDeps } from './calendar.deps.ts';
import { readTimeline } from './calendar.timeline.ts';
import { enqueueBookingInvite, type BookingChange, type BookingForInvite } from './calendar.invites.ts';

export type CalendarService = ReturnType<typeof createCalendarService>;

/** Consultants' calendars: booking invites (sent in order) and the personal subscribable feed. */
export function createCalendarService(deps: CalendarDeps) {
  return {
    /** A new secret feed URL for a consultant, replacing the previous one (calendar-feed.ts). */
    createFeed: (ctx: Ctx, userId: string) => createCalendarFeed(deps, ctx, userId),
    /** The RFC 5545 text a feed URL serves (calendar-feed.ts). */
    readFeed: (token: string) => readCalendarFeed(deps, token),
    /** The staff timeline of a window: consultants, bookings, time off, on-call (calendar.timeline.ts). */
    timeline: (ctx: Ctx, input: { from: string; to: string }) => readTimeline(deps, ctx, input),
    /** Enqueues a booking's invite, update or cancellation on the caller's transaction (calendar.invites.ts). */
    bookingInvite: (trx: Executor, booking: BookingForInvite, change: BookingChange) =>
      enqueueBookingInvite(deps, trx, booking, change),
  };
}
