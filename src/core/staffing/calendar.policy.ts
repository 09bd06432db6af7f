import { isProvider, type Actor, type UserActor } from '../context.ts';

/** Who may do what with consultants' calendars. */
export const calendarPolicy = {
  /** Make (or replace) a consultant's feed URL: the consultant himself, admins and IR managers. */
  createFeed: (actor: Actor, userId: string): actor is UserActor =>
    isProvider(actor) && (actor.userId === userId || actor.role === 'admin' || actor.role === 'ir_manager'),
  /** Read the staff timeline (bookings, time off without reasons, on-call): provider staff. */
  readTimeline: (actor: Actor): actor is UserActor => isProvider(actor),
};
