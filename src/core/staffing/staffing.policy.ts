import { providerWith } from '../authz.ts';
import { isProvider, type Actor, type UserActor } from '../context.ts';

/**
 * Who may do what in staffing. Admins and IR managers manage the catalogs, every profile, time off and
 * bookings. A consultant edits his own skills (and certifications, languages, title, bio) and his own time
 * off. Provider staff read the directory and bookings; customers never see time off, home bases or travel
 * documents (customers read only the profiles of consultants on their own engagements' teams).
 */
export const staffingPolicy = {
  manage: providerWith('admin', 'ir_manager'),
  readDirectory: (actor: Actor): actor is UserActor => isProvider(actor),
  readBookings: (actor: Actor): actor is UserActor => isProvider(actor),
  /** Reads every consultant's bookings (consultants: their own, and their engagements'). */
  readAllBookings: providerWith('admin', 'ir_manager', 'account_manager'),
  /** The profile's own person. */
  isSelf: (actor: Actor, userId: string): actor is UserActor => actor.type === 'user' && actor.userId === userId,
};

/** Profile fields a consultant may change on his own profile (the rest is the managers'). */
export const selfEditableFields = ['skills', 'certifications', 'languages', 'title', 'bio', 'revision'] as const;
