import { providerWith } from '../authz.ts';
import { isCustomerUser, type Actor } from '../context.ts';

const staffReaders = providerWith('admin', 'account_manager', 'ir_manager');
const staffManagers = providerWith('admin', 'account_manager');
const admins = providerWith('admin');
const system = (actor: Actor): boolean => actor.type === 'system';

/** Who may do what with retainer contracts and their ledgers (tenant checked separately: another tenant's is 404). */
export const contractsPolicy = {
  /**
   * Admins, account managers and IR managers read every contract; customer users and contacts their own
   * organisation's. Consultants read one contract and its balance when they are on one of its engagements'
   * teams (contracts.access.ts), nothing more.
   */
  read: (actor: Actor): boolean =>
    system(actor) || actor.type === 'contact' || isCustomerUser(actor) || staffReaders(actor),
  /** Create, edit, activate, renew, top up: admins, and account managers of the customer's account team (checked by the caller). */
  manage: (actor: Actor): boolean => system(actor) || staffManagers(actor),
  /** Ledger corrections (adjustments, reversals) and early termination: admins only. */
  admin: (actor: Actor): boolean => system(actor) || admins(actor),
};
