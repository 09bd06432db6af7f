import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { assertTenant, authorize } from '../authz.ts';
import { isCustomerUser, type Actor } from '../context.ts';
import { assertCustomerAccess } from '../contracts/contracts.access.ts';
import type { TopUpsDeps } from './topups.deps.ts';

/** Who may do what with top-up requests (tenant checked first: another customer's is 404). */
export const topUpsPolicy = {
  /** Ask and withdraw: the customer's points of contact (customer approvers, or a contact by signed link). */
  ask: (actor: Actor): boolean =>
    actor.type === 'contact' || (isCustomerUser(actor) && actor.role === 'customer_approver'),
};

const askMessage =
  "Only your organisation's point of contact for approvals (a contact who may approve) asks for more hours or withdraws a request. Ask them.";

/**
 * The one check for asking or withdrawing: another tenant's contract is 404; inside the tenant, a role
 * other than the point of contact is 403, and the acting contact is re-read (it must still be a contact
 * of this customer with canApprove). Answers the contact.
 */
export async function assertMayAsk(
  deps: Pick<TopUpsDeps, 'customers'>,
  ex: Executor,
  actor: Actor,
  customer: { id: string; organization_id: string },
  what: string,
): Promise<{ id: string; name: string; email: string }> {
  assertTenant(actor, customer.organization_id, what);
  authorize(actor, topUpsPolicy.ask, askMessage);
  const contactId = actor.type === 'contact' ? actor.contactId : actor.type === 'user' ? actor.contactId : null;
  const contact = contactId ? await deps.customers.contactRecord(ex, contactId) : undefined;
  if (!contact || contact.customerId !== customer.id || !contact.canApprove)
    throw new AppError('FORBIDDEN', askMessage);
  return contact;
}

/** Accept and decline: admins and the account managers of the customer's account team (contracts' `manage`). */
export const assertMayDecide = (
  ex: Executor,
  actor: Actor,
  customer: { id: string; organization_id: string },
  what: string,
): Promise<void> => assertCustomerAccess(ex, actor, customer, 'manage', what);

/** Read: whoever reads the contract's customer (its users of every role, the firm's contract readers). */
export const assertMayRead = (
  ex: Executor,
  actor: Actor,
  customer: { id: string; organization_id: string },
  what: string,
): Promise<void> => assertCustomerAccess(ex, actor, customer, 'read', what);
