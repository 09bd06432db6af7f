import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { assertTenant, authorize } from '../authz.ts';
import type { Actor } from '../context.ts';
import { contractsRepo } from './contracts.repo.ts';
import { contractsPolicy } from './contracts.policy.ts';

export type Access = 'read' | 'manage' | 'admin';

const messages: Record<Access, string> = {
  read: 'Your role does not read retainer contracts (consultants see them through the engagements they are on).',
  manage: "Only administrators and the account managers of this customer's account team change its contracts.",
  admin: 'Only administrators do this (ledger corrections and early termination).',
};

/** Refuses (403) roles that do not read contracts at all. */
export function assertReader(actor: Actor): void {
  authorize(actor, contractsPolicy.read, messages.read);
}

/**
 * The one check for everything under a customer's contracts: another tenant's is NOT_FOUND (404) like a
 * missing one; inside the tenant a missing permission is FORBIDDEN (403). Account managers manage only
 * the customers whose account team they are in. Given the contract (`contractId`), a consultant on the
 * team of one of its engagements reads it (the contract and its balance; not its ledger or the list).
 */
export async function assertCustomerAccess(
  ex: Executor,
  actor: Actor,
  customer: { id: string; organization_id: string; contractId?: string },
  access: Access,
  what: string,
): Promise<void> {
  assertTenant(actor, customer.organization_id, what);
  if (
    access === 'read' &&
    customer.contractId &&
    actor.type === 'user' &&
    actor.role === 'consultant' &&
    (await contractsRepo.onEngagementTeam(ex, customer.contractId, actor.userId))
  )
    return;
  assertReader(actor);
  if (access === 'read') return;
  authorize(actor, contractsPolicy[access], messages[access]);
  if (
    access === 'manage' &&
    actor.type === 'user' &&
    actor.role === 'account_manager' &&
    !(await contractsRepo.onAccountTeam(ex, customer.id, actor.userId))
  ) {
    throw new AppError('FORBIDDEN', `${messages.manage} Ask an administrator to add you to the account team.`);
  }
}
