import { providerWith } from '../authz.ts';
import { isCustomerUser, type Actor } from '../context.ts';

const moneyStaff = providerWith('admin', 'account_manager', 'ir_manager');

/**
 * Who sees which money of a contract (tenant and account team checked by contracts.access.ts). Consultants
 * see none (they are refused the terms and get no price on any view); the customer's own users and contacts
 * see the retainer's price and their top-ups' prices; admins, account managers and IR managers see the terms
 * in full; admins and the customer's account managers edit them (contracts' `manage` access).
 */
export const commercePolicy = {
  /** The full terms: rates, billing details, purchase order. */
  readsFullTerms: (actor: Actor): boolean => actor.type === 'system' || moneyStaff(actor),
  /** The customer's side: the retainer's price and the top-ups' prices. */
  readsCustomerPrices: (actor: Actor): boolean => actor.type === 'contact' || isCustomerUser(actor),
  /** Any money at all on a contract view (top-up prices in the ledger): everybody but consultants. */
  seesMoney: (actor: Actor): boolean =>
    commercePolicy.readsFullTerms(actor) || commercePolicy.readsCustomerPrices(actor),
};

export const MONEY_FORBIDDEN =
  "Prices and commercial terms are for the firm's account team and the customer: your role does not see them.";
