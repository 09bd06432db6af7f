import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { accountsRepo } from './accounts.repo.ts';
import { loginThrottle, loginThrottleHorizonMs, throttleDecision } from './accounts.rules.ts';
import { passwordLoginAllowed } from '../sso/sso.rules.ts';
import type { UserWithOrg } from './accounts.repo.ts';
import { openSession } from './session.ts';
import { verifyAgainstDummy, verifyPassword } from './secrets.ts';
import { staffPasswordsOff } from './staff-passwords.ts';

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
  await assertPasswordsAllowed(deps, user);
  return db.transaction(async (trx) => {
    await accountsRepo.recordLoginAttempt(trx, { email_lower: emailLower, ip, succeeded: true, at });
    return openSession(deps, trx, ctx, user, 'password');
  });
}

/**
 * Refuses a right password of staff other than administrators once the firm has turned staff passwords
 * off (they sign in through single sign-on); checked after the password, so it tells a guesser nothing.
 */
async function assertPasswordsAllowed(deps: AccountsDeps, user: UserWithOrg): Promise<void> {
  if (user.organization_kind !== 'provider' || user.role === 'admin') return;
  const off = await staffPasswordsOff(deps.db.kysely);
  if (passwordLoginAllowed({ organizationKind: user.organization_kind, role: user.role }, off)) return;
  throw new AppError(
    'PASSWORD_LOGIN_DISABLED',
    `Staff sign in with ${deps.sso?.name ?? 'single sign-on'}: use the "Sign in with ${deps.sso?.name ?? 'single sign-on'}" button. Passwords are kept for administrators only.`,
  );
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
