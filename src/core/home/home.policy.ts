import type { Actor } from '../context.ts';

/** The cards of a home page, by who asks. */
export interface HomeCards {
  customer: boolean;
  manager: boolean;
  consultant: boolean;
  accountManager: boolean;
}

/**
 * Which cards the actor's home page has: customer users their organisation's; IR managers the triage
 * cards; consultants their own work; account managers the contracts; admins both the manager's and the
 * account manager's. Anyone else (contacts, the system) has none.
 */
export function homeCardsOf(actor: Actor): HomeCards {
  const none = { customer: false, manager: false, consultant: false, accountManager: false };
  if (actor.type !== 'user') return none;
  if (actor.organizationKind === 'customer') return { ...none, customer: true };
  switch (actor.role) {
    case 'admin':
      return { ...none, manager: true, accountManager: true };
    case 'ir_manager':
      return { ...none, manager: true };
    case 'consultant':
      return { ...none, consultant: true };
    case 'account_manager':
      return { ...none, accountManager: true };
    default:
      return none;
  }
}

/** Who has a home page: any signed-in user. */
export const homePolicy = {
  read: (actor: Actor): boolean => actor.type === 'user',
};
