import { AppError } from '../../shared/errors.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { accountsRepo } from './accounts.repo.ts';
import { hashPassword, newSecret } from './secrets.ts';

/**
 * First start: creates the provider organisation and an administrator when none exists. Without a
 * configured password one is generated and returned (printed once by the caller).
 */
export async function bootstrap(
  deps: AccountsDeps,
  input: { providerName: string; adminEmail: string; adminPassword?: string },
): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
  const now = () => deps.clock.now();
  const generatedPassword = input.adminPassword ? undefined : newSecret().slice(0, 20);
  const password = input.adminPassword ?? generatedPassword!;
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (trx) => {
    let org = await accountsRepo.providerOrganization(trx);
    if (!org) {
      const id = deps.ids.next('org');
      await accountsRepo.insertOrganization(trx, { id, kind: 'provider', name: input.providerName, created_at: now() });
      org = (await accountsRepo.organization(trx, id))!;
    }
    if ((await accountsRepo.countAdmins(trx)) > 0) return { created: false, email: input.adminEmail };
    if (await accountsRepo.emailTaken(trx, input.adminEmail)) {
      throw new AppError(
        'EMAIL_TAKEN',
        `Cannot create the administrator: ${input.adminEmail} is already a user. Set IMR_ADMIN_EMAIL to another address.`,
      );
    }
    const id = deps.ids.next('usr');
    await accountsRepo.insertUser(trx, {
      id,
      organization_id: org.id,
      email: input.adminEmail,
      name: 'Administrator',
      role: 'admin',
      status: 'active',
      password_hash: passwordHash,
      contact_id: null,
      created_at: now(),
      updated_at: now(),
    });
    await deps.audit.record(
      trx,
      { actor: { type: 'system', label: 'bootstrap' }, channel: 'system' },
      {
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        after: { email: input.adminEmail, role: 'admin' },
      },
    );
    return { created: true, email: input.adminEmail, ...(generatedPassword ? { generatedPassword } : {}) };
  });
}
