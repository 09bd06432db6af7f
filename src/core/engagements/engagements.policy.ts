import { engagementManagerRoles, engagementReaderRoles } from '../../shared/engagements.ts';
import { providerWith } from '../authz.ts';
import { isCustomerUser, isProvider, type Actor, type UserActor } from '../context.ts';

/**
 * Who may do what with engagements. Consultants see the engagements whose team they are on (checked with
 * the data: others answer 404); customer users see their own organisation's.
 */
export const engagementsPolicy = {
  /** Provider staff who see every engagement. */
  readAll: providerWith(...engagementReaderRoles),
  /** Anyone who may read some engagements (which ones is checked with the data). */
  read: (actor: Actor): actor is UserActor => isProvider(actor) || isCustomerUser(actor),
  /** Write to an engagement's records (expenses, deliverables): provider staff on its team, and admins and IR managers on any. */
  contribute: (actor: Actor, onTeam: boolean): actor is UserActor =>
    actor.type === 'user' &&
    actor.organizationKind === 'provider' &&
    (onTeam || actor.role === 'admin' || actor.role === 'ir_manager'),
  /** Moves, team, planned dates, close and cancel. */
  manage: providerWith(...engagementManagerRoles),
  /** Waiving the minimum true-up. */
  waiveMinimum: providerWith('admin'),
  /** Log and correct effort for any team member (consultants log their own). */
  logForOthers: providerWith('admin', 'ir_manager'),
  /** May log effort at all (consultants only on their engagements, checked with the data). */
  logEffort: providerWith('admin', 'ir_manager', 'consultant'),
  /** Read every consultant's timesheet. */
  readTimesheets: providerWith('admin', 'ir_manager', 'account_manager'),
};
