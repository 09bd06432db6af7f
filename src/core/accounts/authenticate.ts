import type { UserActor } from '../context.ts';
import type { AccountsDeps, AccountsUseCaseDeps } from './accounts.deps.ts';
import { accountsRepo } from './accounts.repo.ts';
import { needsTouch, sessionValid } from './accounts.rules.ts';
import { toActor } from './accounts.views.ts';
import { safeEqual, sha256Hex } from './secrets.ts';

/** Resolves a session cookie to its user, or null when it is unknown, ended, idle too long or past its lifetime. */
export async function authenticateSession(
  deps: AccountsDeps,
  token: string,
): Promise<{ actor: UserActor; sessionId: string; csrfToken: string } | null> {
  const session = await accountsRepo.sessionByTokenHash(deps.db.kysely, sha256Hex(token));
  const at = deps.clock.now();
  if (!session || !sessionValid(session, at, deps.session.idleMinutes) || session.user.status !== 'active') return null;
  if (needsTouch(session.last_seen_at, at)) await accountsRepo.touchSession(deps.db.kysely, session.id, at);
  return { actor: toActor(session.user), sessionId: session.id, csrfToken: session.csrf_token };
}

/** Resolves a bearer token to its owner, or null when unknown, revoked or the owner is not active. */
export async function authenticateToken(deps: AccountsUseCaseDeps, token: string): Promise<UserActor | null> {
  const hash = sha256Hex(token);
  const row = await deps.tokens.get(
    hash,
    async () => (await accountsRepo.apiTokenByHash(deps.db.kysely, hash)) ?? undefined,
  );
  if (!row || row.token_revoked_at || row.status !== 'active') return null;
  const at = deps.clock.now();
  if (needsTouch(row.token_last_used_at, at)) {
    await accountsRepo.touchApiToken(deps.db.kysely, row.token_id, at);
    row.token_last_used_at = at;
  }
  return toActor(row);
}

/** A request's CSRF token matches its session's (compared in constant time). */
export const verifyCsrf = (expected: string, given: string | undefined): boolean =>
  given !== undefined && safeEqual(expected, given);
