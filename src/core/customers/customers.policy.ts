import { canSeeTenant, providerWith } from '../authz.ts';
import type { Actor } from '../context.ts';

/**
 * Who may do what with customers, their sites and contacts. Provider staff read every customer; a
 * customer's own users (and contacts acting by link) read their organisation only, and never write.
 * Admins edit every customer; account managers create customers and edit those whose account team they
 * are on ("the customers they manage").
 */
export const customersPolicy = {
  create: providerWith('admin', 'account_manager'),
  editAny: providerWith('admin'),
  /** Setting a password for somebody else's portal login is an administrator's act. */
  setPassword: providerWith('admin'),
  /** May read the customer of `organizationId` at all (otherwise it does not exist for the actor). */
  read: (actor: Actor, organizationId: string): boolean => canSeeTenant(actor, organizationId),
  /** May edit a customer whose account team is `team` (user ids). */
  edit: (actor: Actor, team: readonly string[]): boolean =>
    actor.type === 'user' &&
    actor.organizationKind === 'provider' &&
    (actor.role === 'admin' || (actor.role === 'account_manager' && team.includes(actor.userId))),
};
