import type { Core } from '../core/core.ts';
import type { Executor } from '../db/create-db.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { toActor } from '../core/accounts/accounts.views.ts';
import { systemCtx, type Ctx } from '../core/context.ts';
import { demoRepo } from './demo.repo.ts';

/** The password of every demo user, so a visitor can sign in as any role. */
export const DEMO_PASSWORD = 'Demo-Password-2026';

export const providerStaff = [
  { email: 'maria.keller@irfirm.example', name: 'Maria Keller', role: 'ir_manager' },
  { email: 'james.okafor@irfirm.example', name: 'James Okafor', role: 'ir_manager' },
  { email: 'lena.fischer@irfirm.example', name: 'Lena Fischer', role: 'consultant' },
  { email: 'sean.murphy@irfirm.example', name: 'Seán Murphy', role: 'consultant' },
  { email: 'priya.raman@irfirm.example', name: 'Priya Raman', role: 'consultant' },
  { email: 'tom.becker@irfirm.example', name: 'Tom Becker', role: 'account_manager' },
] as const;

/** The provider's demo staff (managers, consultants, an account manager), in one transaction. */
export async function loadStaffDemo(core: Core, options: { passwordHash: string }): Promise<void> {
  const { db, services } = core;
  const ctx = systemCtx('demo');
  const provider = await accountsRepo.providerOrganization(db.kysely);
  if (!provider) throw new Error('the demo needs the provider organization: start the server once first');
  await db.transaction(async (trx) => {
    for (const member of providerStaff) {
      await services.accounts.createUserInTx(trx, ctx, {
        organizationId: provider.id,
        email: member.email,
        name: member.name,
        role: member.role,
        passwordHash: options.passwordHash,
      });
    }
  });
}

/** A user acting in the staff app (or the portal), as the demo's steps are taken. */
export async function userCtx(ex: Executor, userId: string): Promise<Ctx> {
  return { actor: toActor((await accountsRepo.userById(ex, userId))!), channel: 'web' };
}

/** The staff member the demo acts as: the first active IR manager (by email), else the first administrator. */
export async function actingManager(ex: Executor): Promise<{ userId: string; ctx: Ctx }> {
  const userId =
    (await demoRepo.activeUserIds(ex, 'ir_manager', 'email'))[0] ??
    (await demoRepo.activeUserIds(ex, 'admin', 'id'))[0];
  if (!userId) throw new Error('the demo needs an active IR manager or administrator');
  return { userId, ctx: await userCtx(ex, userId) };
}
