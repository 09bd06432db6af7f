import * as oidc from 'openid-client';
import type { SsoConfig } from '../../config/config.ts';

/** What a sign-in sends the provider and must find again in its answer. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The firm's OpenID provider as the sign-in needs it: where to send the browser, and the claims of a
 * callback whose state, nonce and PKCE verifier check out. A network adapter (openid-client), wired in
 * the composition root; tests give a real provider running locally.
 */
export interface OidcClient {
  authorizationUrl(checks: AuthorizationChecks): Promise<URL>;
  /** The ID token's claims merged with the userinfo response's; throws when any check fails. */
  claimsOf(callbackUrl: URL, checks: AuthorizationChecks): Promise<Record<string, unknown>>;
}

/** Fresh random state, nonce and PKCE verifier for one sign-in. */
export function newChecks(): AuthorizationChecks {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

/** How long discovery and token requests may take before the sign-in fails. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * An openid-client configuration found by discovery on first use (and again after a failure, so a provider
 * that was down at start is found later); authorisation code flow with PKCE (S256), state and nonce.
 */
export function createOidcClient(config: SsoConfig): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        ...(config.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .then((c) => {
        c.timeout = PROVIDER_TIMEOUT_SECONDS;
        return c;
      })
      .catch((e: unknown) => {
        discovered = undefined;
        throw e;
      });
    return discovered;
  };

  return {
    async authorizationUrl(checks) {
      return oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.redirectUri,
        scope: config.scopes,
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    async claimsOf(callbackUrl, checks) {
      const c = await configuration();
      const tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('the provider sent no ID token');
      // Many providers put email and groups in userinfo only; its subject must be the ID token's.
      const userinfo = await oidc.fetchUserInfo(c, tokens.access_token, idClaims.sub);
      return { ...idClaims, ...userinfo };
    },
  };
}
