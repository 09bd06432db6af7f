import { providerWith } from '../authz.ts';
import type { Actor, UserActor } from '../context.ts';

/** Who may do what with accounts. */
export const accountsPolicy = {
  manageUsers: providerWith('admin'),
  /** Provider staff read the firm's directory of active staff (for staffing and account teams). */
  readStaff: (actor: Actor): actor is UserActor => actor.type === 'user' && actor.organizationKind === 'provider',
  /** Every signed-in person may hold API tokens for scripts. */
  ownTokens: (actor: Actor): actor is UserActor => actor.type === 'user',
};
