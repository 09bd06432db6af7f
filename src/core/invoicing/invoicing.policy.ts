import { providerWith } from '../authz.ts';

/**
 * Who bills (issue 17). There is no finance role: account managers (who own customers, contracts, top-ups
 * and their prices) act as the finance team, with admins. They see the whole firm's billing, every customer:
 * a run exports every customer's lines at once. Consultants and customers: 403.
 */
export const invoicingPolicy = {
  bill: providerWith('admin', 'account_manager'),
};
