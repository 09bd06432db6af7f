import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { accountsRepo } from './accounts.repo.ts';
import { loginThrottle, loginThrottleHorizonMs, throttleDecision } from './accounts.rules.ts';
import { toActor, toUserView } from './accounts.views.ts';
import { newSecret, sha256Hex, verifyAgainstDummy, verifyPassword } from './secrets.ts';

/** Refuses a sign-in when the throttle of accounts.rules.ts says so (RATE_LIMITED, with when to retry). */
async function assertNotThrottled(deps: AccountsDeps, emailLower: string, ip: string, at: Date): Promise<void> {
  const decision = throttleDecision(
    at,
    await accountsRepo.loginLimitsReached(deps.db.kysely, { emailLower, ip, now: at }, loginThrottle),
  );
  if (!decision.allowed) {
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed sign-ins${decision.scope === 'account' ? ' to this account' : ' from your network'}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`,
      {
        retryAfterSeconds: decision.retryAfterSeconds,
      },
    );
  }
}

/**
 * Signs in with email and password; throttled per email + address, per email and per address
 * (accounts.rules.ts), so the right password from elsewhere passes; one message for every failure.
 */
export async function login(deps: AccountsDeps, ctx: Ctx, input: { email: string; password: string }) {
  const { db } = deps;
  const emailLower = input.email.trim().toLowerCase();
  const ip = ctx.ip ?? 'unknown';
  const at = deps.clock.now();
  await assertNotThrottled(deps, emailLower, ip, at);
  const user = await accountsRepo.userByEmail(db.kysely, emailLower);
  let ok = false;
  if (user?.password_hash) ok = await verifyPassword(user.password_hash, input.password);
  else await verifyAgainstDummy(input.password);
  if (!ok || !user || user.status !== 'active') {
    await accountsRepo.recordLoginAttempt(db.kysely, { email_lower: emailLower, ip, succeeded: false, at });
    throw new AppError('INVALID_CREDENTIALS', 'Email or password is wrong.');
  }
  const token = newSecret();
  const csrfToken = newSecret();
  const sessionId = deps.ids.next('ses');
  const expiresAt = new Date(at.getTime() + deps.session.absoluteHours * 3600_000);
  await db.transaction(async (trx) => {
    await accountsRepo.recordLoginAttempt(trx, { email_lower: emailLower, ip, succeeded: true, at });
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
      },
    );
  });
  return { user: toUserView(user), sessionToken: token, sessionId, csrfToken, expiresAt };
}

/** Ends one browser session. */
export async function logout(deps: AccountsDeps, ctx: Ctx, sessionId: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    await accountsRepo.endSession(trx, sessionId, deps.clock.now());
    await deps.audit.record(trx, ctx, { action: 'auth.logout', entityType: 'session', entityId: sessionId });
  });
}

/** Deletes login attempts older than the throttling window (a maintenance job). */
export async function pruneLoginAttempts(deps: AccountsDeps): Promise<number> {
  return accountsRepo.pruneLoginAttempts(deps.db.kysely, new Date(deps.clock.now().getTime() - loginThrottleHorizonMs));
}
