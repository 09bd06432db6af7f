import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService } from '../../core/accounts/accounts.service.ts';
import {
  ApiToken,
  CreatedToken,
  CreateTokenBody,
  LoginBody,
  MeResponse,
  PasswordResetBody,
  PasswordResetConfirmBody,
  SessionInfo,
  UpdateMeBody,
  User,
} from '../../shared/contracts/accounts.ts';
import { IdParam, Ok, problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf, publicCtx, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.ts';
import type { RouteApp } from './route-app.ts';

export const authRoutes: FastifyPluginAsyncZod<{ accounts: AccountsService; cookieSecure: boolean }> = async (
  app,
  { accounts, cookieSecure },
) => {
  registerSessionRoutes(app, accounts, cookieSecure);
  registerTokenRoutes(app, accounts);
};

/** Sign-in, sign-out, the signed-in user and password resets. */
function registerSessionRoutes(app: RouteApp, accounts: AccountsService, cookieSecure: boolean): void {
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in; sets the session cookie and returns the CSRF token',
        body: LoginBody,
        response: { 200: SessionInfo, ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await accounts.login(publicCtx(request), request.body);
      setSessionCookie(reply, result, cookieSecure);
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { tags, summary: 'Sign out of this browser session', response: { 200: Ok, ...problemResponses } },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      if (request.auth?.sessionId) await accounts.logout(ctx, request.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user, its organisation and role, and the session CSRF token',
        response: { 200: MeResponse, ...problemResponses },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { user: await accounts.me(ctx), csrfToken: request.auth?.csrfToken ?? null };
    },
  );

  app.patch(
    '/auth/me',
    {
      schema: {
        tags,
        summary:
          "Change your own work phone (staff; the portal's account team shows it) or the time zone of your emails",
        body: UpdateMeBody,
        response: { 200: User, ...problemResponses },
      },
    },
    async (request) => accounts.updateMe(ctxOf(request), request.body),
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Email a single-use reset link (always 202, whether or not the account exists)',
        body: PasswordResetBody,
        response: { 202: z.object({ accepted: z.literal(true) }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset(publicCtx(request), request.body.email);
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Set a password from a set-password or reset link; ends the user's other sessions",
        body: PasswordResetConfirmBody,
        response: { 200: z.object({ user: User }), ...problemResponses },
      },
    },
    async (request) => ({ user: await accounts.confirmPasswordReset(publicCtx(request), request.body) }),
  );
}

/** The signed-in user's API tokens. */
function registerTokenRoutes(app: RouteApp, accounts: AccountsService): void {
  const tokenTags = ['tokens'];
  app.post(
    '/tokens',
    {
      schema: {
        tags: tokenTags,
        summary: 'Create an API token for the signed-in user (secret shown once)',
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await accounts.createApiToken(ctxOf(request), request.body)),
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: tokenTags,
        summary: "The signed-in user's API tokens, without secrets",
        response: { 200: z.object({ items: z.array(ApiToken) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await accounts.listApiTokens(ctxOf(request)) }),
  );

  app.post(
    '/tokens/revoke-all',
    {
      schema: {
        tags: tokenTags,
        summary:
          'Revoke every API token of the signed-in user at once (tokens survive a password reset; this is how to end them)',
        response: { 200: z.object({ revoked: z.number().int() }), ...problemResponses },
      },
    },
    async (request) => accounts.revokeAllApiTokens(ctxOf(request)),
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: tokenTags,
        summary: 'Revoke an API token',
        params: IdParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await accounts.revokeApiToken(ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
