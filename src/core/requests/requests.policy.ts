import { providerWith } from '../authz.ts';
import { isCustomerUser, type Actor, type UserActor } from '../context.ts';

/** Who may do what with service requests. Customer users also need their contact's flags (checked with the data). */
export const requestsPolicy = {
  /** Provider staff who log intake for any customer (hotline, email). */
  logIntake: providerWith('admin', 'ir_manager'),
  /** Customer users whose role may ask for services (their contact must have canRequest or canApprove). */
  customerMayRequest: (actor: Actor): actor is UserActor =>
    isCustomerUser(actor) && (actor.role === 'customer_approver' || actor.role === 'customer_requester'),
  /** Provider staff who read every request; customer users read their own organisation's. */
  readAll: providerWith('admin', 'ir_manager', 'account_manager'),
  read: (actor: Actor): actor is UserActor => requestsPolicy.readAll(actor) || isCustomerUser(actor),
  /** Correct, move, reject, record SLA milestones, book scoping calls (engagement team members come later). */
  manage: providerWith('admin', 'ir_manager'),
  /** Firm-wide SLA reporting. */
  report: (actor: Actor): actor is UserActor => requestsPolicy.readAll(actor) || isCustomerUser(actor),
};
