import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps, AccountsUseCaseDeps } from './accounts.deps.ts';
import { accountsPolicy } from './accounts.policy.ts';
import { accountsRepo } from './accounts.repo.ts';
import { newSecret, sha256Hex } from './secrets.ts';

/** Creates an API token for the signed-in user; the secret is returned once and stored hashed. */
export async function createApiToken(deps: AccountsDeps, ctx: Ctx, input: { name: string }) {
  authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
  const actor = ctx.actor;
  const token = newSecret('imr_');
  const id = deps.ids.next('tok');
  const at = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await accountsRepo.insertApiToken(trx, {
      id,
      user_id: actor.userId,
      name: input.name.trim(),
      token_hash: sha256Hex(token),
      created_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: 'token.created',
      entityType: 'api_token',
      entityId: id,
      organizationId: actor.organizationId,
      after: { name: input.name },
    });
  });
  return { id, name: input.name.trim(), token, createdAt: at };
}

/** The signed-in user's tokens, without secrets. */
export async function listApiTokens(deps: AccountsDeps, ctx: Ctx) {
  authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
  const rows = await accountsRepo.listApiTokens(deps.db.kysely, ctx.actor.userId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

/** Revokes one of one's own tokens (admins: anyone's); it stops working at once. */
export async function revokeApiToken(deps: AccountsUseCaseDeps, ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
  const actor = ctx.actor;
  await deps.db.transaction(async (trx) => {
    deps.authChanged();
    const apiToken = await accountsRepo.apiToken(trx, id);
    const mayRevoke = apiToken && (apiToken.user_id === actor.userId || accountsPolicy.manageUsers(actor));
    if (!apiToken || !mayRevoke) throw new AppError('NOT_FOUND', `Token ${id} not found.`);
    await accountsRepo.revokeApiToken(trx, id, deps.clock.now());
    await deps.audit.record(trx, ctx, {
      action: 'token.revoked',
      entityType: 'api_token',
      entityId: id,
      before: { name: apiToken.name },
    });
  });
}

/** Revokes every API token of the signed-in user at once (after a suspected leak); returns how many. */
export async function revokeAllApiTokens(deps: AccountsUseCaseDeps, ctx: Ctx): Promise<{ revoked: number }> {
  authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
  const actor = ctx.actor;
  return deps.db.transaction(async (trx) => {
    deps.authChanged();
    const revoked = await accountsRepo.revokeUserApiTokens(trx, actor.userId, deps.clock.now());
    await deps.audit.record(trx, ctx, {
      action: 'token.revoked_all',
      entityType: 'user',
      entityId: actor.userId,
      organizationId: actor.organizationId,
      after: { revoked },
    });
    return { revoked };
  });
}
