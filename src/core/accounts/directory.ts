import { AppError } from '../../shared/errors.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { accountsPolicy } from './accounts.policy.ts';
import { accountsRepo } from './accounts.repo.ts';

/** An organisation: provider staff read any; a customer user only its own (another tenant's is 404). */
export async function getOrganization(deps: AccountsDeps, ctx: Ctx, id: string) {
  const org = await accountsRepo.organization(deps.db.kysely, id);
  if (!org || !canSeeTenant(ctx.actor, org.id)) throw new AppError('NOT_FOUND', `Organisation ${id} not found.`);
  return { id: org.id, kind: org.kind, name: org.name, createdAt: org.created_at };
}

/**
 * The firm's directory: active provider staff (name, email, role) for every provider user, so IR
 * managers can staff engagements and account managers can form account teams without admin rights.
 */
export async function listStaff(deps: AccountsDeps, ctx: Ctx, filter: { role?: string; q?: string }) {
  authorize(ctx.actor, accountsPolicy.readStaff, "Only the IR firm's staff read its directory.");
  const org = await accountsRepo.providerOrganization(deps.db.kysely);
  if (!org) return [];
  const rows = await accountsRepo.listUsers(deps.db.kysely, {
    organizationId: org.id,
    status: 'active',
    ...filter,
    limit: 1000,
  });
  return rows.map((user) => ({ id: user.id, name: user.name, email: user.email, role: user.role }));
}
