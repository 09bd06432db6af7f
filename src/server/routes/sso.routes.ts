import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService } from '../../core/accounts/accounts.service.ts';
import type { SsoService } from '../../core/sso/sso.service.ts';
import { isAppError } from '../../shared/errors.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import {
  AuthMethods,
  SignInPolicy,
  SsoCallbackQuery,
  SsoStartQuery,
  UpdateSignInPolicyBody,
} from '../../shared/contracts/sso.ts';
import { isSsoRefusal } from '../../shared/sso.ts';
import { ctxOf, publicCtx, setSessionCookie } from '../plugins/auth.ts';

/** The cookie that ties a started single sign-on to this browser (a random handle; the checks stay server-side). */
const SSO_COOKIE = 'imr_sso';
const SSO_COOKIE_PATH = '/api/v1/auth/oidc';

/**
 * Single sign-on for staff: the sign-in methods the login page offers, the redirect to the OpenID provider
 * and its callback (both public, browser navigations), and the admins' staff-password setting.
 */
export const ssoRoutes: FastifyPluginAsyncZod<{
  sso: SsoService | undefined;
  accounts: AccountsService;
  cookieSecure: boolean;
  redirectUri: string | undefined;
}> = async (app, { sso, accounts, cookieSecure, redirectUri }) => {
  const tags = ['auth'];

  app.get(
    '/auth/methods',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'How people may sign in here (the login page asks)',
        response: { 200: AuthMethods, ...problemResponses },
      },
    },
    async () => ({ password: true as const, sso: sso ? { name: sso.name } : null }),
  );

  app.get(
    '/auth/oidc/start',
    {
      config: { public: true },
      // A browser navigation answered only by redirects, not an API call: left out of the OpenAPI document.
      schema: {
        hide: true,
        tags,
        summary:
          'Staff single sign-on: redirects the browser to the OpenID provider (to the sign-in page when not set up)',
        querystring: SsoStartQuery,
        response: { 302: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      if (!sso) return reply.redirect('/login?sso_error=failed', 302);
      const started = await sso.begin(publicCtx(request), { next: request.query.next });
      reply.setCookie(SSO_COOKIE, started.handle, {
        path: SSO_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        expires: started.expiresAt,
      });
      return reply.redirect(started.redirectUrl, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { public: true },
      // The provider's redirect back (the registered redirect URI): a browser navigation, not in the OpenAPI document.
      schema: {
        hide: true,
        tags,
        summary:
          "The OpenID provider's redirect back: sets the session cookie and opens the app, or returns to the sign-in page saying why not",
        querystring: SsoCallbackQuery,
        response: { 302: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      reply.clearCookie(SSO_COOKIE, { path: SSO_COOKIE_PATH });
      if (!sso || !redirectUri) return reply.redirect('/login?sso_error=failed', 302);
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      try {
        const result = await sso.complete(publicCtx(request), {
          handle: request.cookies[SSO_COOKIE],
          callbackUrl: new URL(`${redirectUri}${query}`),
        });
        setSessionCookie(reply, result, cookieSecure);
        return reply.redirect(result.returnTo, 302);
      } catch (e) {
        const reason = isAppError(e) && e.code === 'SSO_REFUSED' ? String(e.details?.['reason']) : undefined;
        if (!isSsoRefusal(reason)) throw e;
        request.log.warn(
          { reason, why: e instanceof Error && isAppError(e) ? e.details?.['why'] : undefined },
          'single sign-on refused',
        );
        return reply.redirect(`/login?sso_error=${reason}`, 302);
      }
    },
  );

  app.get(
    '/auth/sign-in-policy',
    {
      schema: {
        tags,
        summary: 'How staff sign in: whether staff other than administrators may use passwords (admin)',
        response: { 200: SignInPolicy, ...problemResponses },
      },
    },
    async (request) => accounts.getSignInPolicy(ctxOf(request)),
  );

  app.put(
    '/auth/sign-in-policy',
    {
      schema: {
        tags,
        summary:
          'Turn passwords off for staff other than administrators (only once single sign-on is set up), or back on (admin, audited)',
        body: UpdateSignInPolicyBody,
        response: { 200: SignInPolicy, ...problemResponses },
      },
    },
    async (request) => accounts.setStaffPasswords(ctxOf(request), request.body),
  );
};
