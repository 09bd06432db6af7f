import { providerWith } from '../authz.ts';
import type { Actor, UserActor } from '../context.ts';

/** Who may do what with accounts. */
export const accountsPolicy = {
  manageUsers: providerWith('admin'),
  /** Provider staff read the firm's directory of active staff (for staffing and account teams). */
  readStaff: (a: Actor): a is UserActor => a.type === 'user' && a.organizationKind === 'provider',
  /** Every signed-in person may hold API tokens for scripts. */
  ownTokens: (a: Actor): a is UserActor => a.type === 'user',
};
