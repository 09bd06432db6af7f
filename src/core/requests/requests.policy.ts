import { providerWith } from '../authz.ts';
import { isCustomerUser, type Actor, type UserActor } from '../context.ts';

/** Who may do what with service requests. Customer users also need their contact's flags (checked with the data). */
export const requestsPolicy = {
  /** Provider staff who log intake for any customer (hotline, email). */
  logIntake: providerWith('admin', 'ir_manager'),
  /** Customer users whose role may ask for services (their contact must have canRequest or canApprove). */
  customerMayRequest: (a: Actor): a is UserActor =>
    isCustomerUser(a) && (a.role === 'customer_approver' || a.role === 'customer_requester'),
  /** Provider staff who read every request; customer users read their own organisation's. */
  readAll: providerWith('admin', 'ir_manager', 'account_manager'),
  read: (a: Actor): a is UserActor => requestsPolicy.readAll(a) || isCustomerUser(a),
  /** Correct, move, reject, record SLA milestones, book scoping calls (engagement team members come later). */
  manage: providerWith('admin', 'ir_manager'),
  /** Firm-wide SLA reporting. */
  report: (a: Actor): a is UserActor => requestsPolicy.readAll(a) || isCustomerUser(a),
};
