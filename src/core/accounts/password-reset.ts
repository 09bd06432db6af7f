import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps, AccountsUseCaseDeps } from './accounts.deps.ts';
import { accountsRepo } from './accounts.repo.ts';
import { toActor, toUserView, type UserView } from './accounts.views.ts';
import { assertStrong, issuePasswordLink } from './password-links.ts';
import { hashPassword, sha256Hex } from './secrets.ts';
import { loadUser } from './users.ts';

/** Always succeeds (no account enumeration); a real, enabled account gets a single-use, one-hour link. */
export async function requestPasswordReset(deps: AccountsDeps, ctx: Ctx, email: string): Promise<void> {
  const user = await accountsRepo.userByEmail(deps.db.kysely, email.trim());
  if (!user || user.status === 'disabled') return;
  await deps.db.transaction(async (trx) => {
    await issuePasswordLink(deps, trx, user, 'reset_password');
    await deps.audit.record(trx, ctx, {
      action: 'auth.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
      organizationId: user.organization_id,
    });
  });
}

/** Sets a password from a set-password or reset link; the link is used up and the user's other sessions end. */
export async function confirmPasswordReset(
  deps: AccountsUseCaseDeps,
  ctx: Ctx,
  input: { token: string; password: string },
): Promise<UserView> {
  const { db } = deps;
  const tokenHash = sha256Hex(input.token);
  const peek = await accountsRepo.oneTimeTokenForUpdate(db.kysely, tokenHash);
  const invalid = new AppError(
    'TOKEN_INVALID',
    'This link is invalid, used or expired. Ask for a new one with "Forgot password?" on the sign-in page.',
  );
  if (!peek || peek.used_at || peek.expires_at.getTime() <= deps.clock.now().getTime()) throw invalid;
  const user = await loadUser(db.kysely, peek.user_id);
  assertStrong(input.password, user.email);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (trx) => {
    deps.authChanged();
    const link = await accountsRepo.oneTimeTokenForUpdate(trx, tokenHash);
    const at = deps.clock.now();
    if (!link || link.used_at || link.expires_at.getTime() <= at.getTime()) throw invalid;
    const locked = await accountsRepo.userByIdForUpdate(trx, link.user_id);
    if (!locked || locked.status === 'disabled') throw invalid;
    await accountsRepo.useOneTimeToken(trx, link.id, at);
    await accountsRepo.updateUser(trx, locked.id, { password_hash: passwordHash, status: 'active', updated_at: at });
    await accountsRepo.endUserSessions(trx, locked.id, at);
    await deps.audit.record(
      trx,
      { ...ctx, actor: toActor(user) },
      {
        action: link.purpose === 'set_password' ? 'user.password_set' : 'user.password_reset',
        entityType: 'user',
        entityId: locked.id,
        organizationId: locked.organization_id,
        before: { status: locked.status },
        after: { status: 'active' },
      },
    );
  });
  return toUserView(await loadUser(db.kysely, user.id));
}
