import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { accountsRepo, type UserWithOrg } from './accounts.repo.ts';
import { toActor, toUserView, type UserView } from './accounts.views.ts';
import { newSecret, sha256Hex } from './secrets.ts';

/** How a session was signed in, as the audit event of the sign-in says. */
export type SignInMethod = 'password' | 'oidc';

export interface OpenedSession {
  user: UserView;
  sessionToken: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Opens a browser session for a user whose identity is proven (password or single sign-on) on the caller's
 * transaction, and audits the sign-in with its method: every way in makes the same kind of session.
 */
export async function openSession(
  deps: AccountsDeps,
  trx: Executor,
  ctx: Ctx,
  user: UserWithOrg,
  method: SignInMethod,
): Promise<OpenedSession> {
  const at = deps.clock.now();
  const token = newSecret();
  const csrfToken = newSecret();
  const sessionId = deps.ids.next('ses');
  const expiresAt = new Date(at.getTime() + deps.session.absoluteHours * 3600_000);
  await accountsRepo.insertSession(trx, {
    id: sessionId,
    token_hash: sha256Hex(token),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: at,
    last_seen_at: at,
    expires_at: expiresAt,
    ip: ctx.ip ?? null,
    user_agent: ctx.userAgent?.slice(0, 500) ?? null,
  });
  await deps.audit.record(
    trx,
    { ...ctx, actor: toActor(user) },
    {
      action: 'auth.login',
      entityType: 'session',
      entityId: sessionId,
      organizationId: user.organization_id,
      after: { method },
    },
  );
  return { user: toUserView(user), sessionToken: token, sessionId, csrfToken, expiresAt };
}
