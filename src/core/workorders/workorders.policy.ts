import { workOrderManagerRoles } from '../../shared/roles.ts';
import { providerWith } from '../authz.ts';
import { isCustomerUser, type Actor, type UserActor } from '../context.ts';

/** Who may do what with EWOs and change orders (the tenant is checked separately: another tenant's is 404). */
export const workOrdersPolicy = {
  /** Draft, edit and send EWOs and change orders (domain.md: IR managers; admins do everything). */
  manage: providerWith(...workOrderManagerRoles),
  /** Provider staff who read every EWO; customer users read their own organisation's sent versions. */
  readAll: providerWith('admin', 'ir_manager', 'account_manager'),
  read: (actor: Actor): actor is UserActor => workOrdersPolicy.readAll(actor) || isCustomerUser(actor),
  /**
   * Decide (approve, decline, ask for changes) in the portal: customer users only, and only through a
   * contact with canApprove (checked with the data). A provider user can never decide for the customer.
   */
  decide: (actor: Actor): actor is UserActor => isCustomerUser(actor),
};
