import { providerWith } from '../authz.ts';
import { engagementsPolicy } from '../engagements/engagements.policy.ts';
import { isCustomerUser, type Actor, type UserActor } from '../context.ts';

/**
 * Who may do what with expenses (the engagement must be visible first: engagements/engagements.access.ts).
 * Provider staff file expenses on engagements whose team they are on; admins and IR managers on any.
 * Admins and IR managers approve or reject, never their own. Provider staff see every status; customer
 * users see only the approved expenses of their own engagements.
 */
export const expensesPolicy = {
  file: engagementsPolicy.contribute,
  decide: providerWith('admin', 'ir_manager'),
  /** The firm-wide and per-contract report: managers and account managers, and customer users for their own. */
  report: (actor: Actor): actor is UserActor =>
    providerWith('admin', 'ir_manager', 'account_manager')(actor) || isCustomerUser(actor),
};
