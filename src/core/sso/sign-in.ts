import type { Db } from '../../db/create-db.ts';
import type { SsoConfig } from '../../config/config.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { ssoRefusalMessages, type SsoRefusal } from '../../shared/sso.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { newSecret, sha256Hex } from '../accounts/secrets.ts';
import type { Ctx } from '../context.ts';
import { newChecks, type OidcClient } from './oidc.client.ts';
import { ssoRepo } from './sso.repo.ts';
import { identityFromClaims, pendingLoginMinutes, safeReturnPath } from './sso.rules.ts';

export interface SsoDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  config: SsoConfig;
  client: OidcClient;
  accounts: Pick<AccountsService, 'signInWithSso'>;
}

const refuse = (reason: SsoRefusal, why: string): AppError =>
  new AppError('SSO_REFUSED', ssoRefusalMessages[reason], { reason, why });

/**
 * What an operator's log needs of a failed check: openid-client's messages down the cause chain, the claim
 * that did not match and the provider's OAuth error (never tokens or the claims' values).
 */
export function describeFailure(e: unknown): string {
  const parts: string[] = [];
  let current: unknown = e;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      const extra = current as Error & { error?: unknown; error_description?: unknown; cause?: unknown };
      if (typeof extra.error === 'string') parts.push(`error=${extra.error}`);
      if (typeof extra.error_description === 'string') parts.push(extra.error_description);
      const cause = extra.cause as { claim?: unknown } | undefined;
      if (cause && typeof cause === 'object' && typeof cause.claim === 'string') parts.push(`claim=${cause.claim}`);
      current = extra.cause instanceof Error ? extra.cause : undefined;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('; ').slice(0, 500);
}

/**
 * Starts a sign-in at the identity provider: fresh state, nonce and PKCE verifier kept server-side for ten
 * minutes under a random handle that only this browser gets (an HttpOnly cookie), so the answer is accepted
 * once and only in the browser that asked.
 */
export async function beginSignIn(deps: SsoDeps, _ctx: Ctx, input: { next?: string | undefined }) {
  const checks = newChecks();
  let url: URL;
  try {
    url = await deps.client.authorizationUrl(checks);
  } catch (e) {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      `${deps.config.name} cannot be reached just now. Try again in a minute; administrators can sign in with their password.`,
      { why: e instanceof Error ? e.message : String(e) },
    );
  }
  const handle = newSecret();
  const at = deps.clock.now();
  const expiresAt = new Date(at.getTime() + pendingLoginMinutes * 60_000);
  await ssoRepo.insertPending(deps.db.kysely, {
    id: deps.ids.next('sso'),
    handle_hash: sha256Hex(handle),
    state: checks.state,
    nonce: checks.nonce,
    code_verifier: checks.codeVerifier,
    return_to: safeReturnPath(input.next),
    created_at: at,
    expires_at: expiresAt,
  });
  return { redirectUrl: url.href, handle, expiresAt };
}

/**
 * Finishes a sign-in from the provider's answer: the browser's handle must find an unused, unexpired
 * pending sign-in; openid-client checks state, PKCE (at the token endpoint), the ID token and its nonce;
 * then accounts decide who it is (SSO_REFUSED with a reason the sign-in page explains).
 */
export async function completeSignIn(deps: SsoDeps, ctx: Ctx, input: { handle: string | undefined; callbackUrl: URL }) {
  if (!input.handle) throw refuse('expired', 'no sign-in cookie in this browser');
  const pending = await ssoRepo.takePending(deps.db.kysely, sha256Hex(input.handle), deps.clock.now());
  if (!pending) throw refuse('expired', 'the sign-in cookie matches no unused, unexpired sign-in');
  const error = input.callbackUrl.searchParams.get('error');
  if (error) throw refuse('failed', `the provider answered ${error.slice(0, 100)}`);
  let claims: Record<string, unknown>;
  try {
    claims = await deps.client.claimsOf(input.callbackUrl, {
      state: pending.state,
      nonce: pending.nonce,
      codeVerifier: pending.code_verifier,
    });
  } catch (e) {
    throw refuse('failed', describeFailure(e));
  }
  const session = await deps.accounts.signInWithSso(ctx, identityFromClaims(claims, deps.config.groupsClaim));
  return { ...session, returnTo: pending.return_to };
}
