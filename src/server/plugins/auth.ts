import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccountsService } from '../../core/accounts/accounts.service.ts';
import type { Channel, Ctx, UserActor } from '../../core/context.ts';
import { AppError } from '../../shared/errors.ts';

export const SESSION_COOKIE = 'imr_session';

/** The session cookie every sign-in sets (password or single sign-on): HTTP-only, same-site lax. */
export function setSessionCookie(
  reply: FastifyReply,
  session: { sessionToken: string; expiresAt: Date },
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, session.sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: session.expiresAt,
  });
}
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestAuth {
  actor: UserActor;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a signed-in user (login, password reset, health). */
    public?: boolean;
  }
}

function channelOf(request: FastifyRequest, via: RequestAuth['via'] | null): Channel {
  if (request.headers['x-imr-client'] === 'cli') return 'cli';
  return via === 'session' ? 'web' : 'api';
}

/** The service context of an authenticated request; 401 when nobody is signed in. */
export function ctxOf(request: FastifyRequest): Ctx & { actor: UserActor } {
  if (!request.auth)
    throw new AppError('UNAUTHENTICATED', 'Sign in first (session cookie), or send Authorization: Bearer <API token>.');
  return {
    actor: request.auth.actor,
    channel: channelOf(request, request.auth.via),
    requestId: request.id,
    ip: request.ip,
    ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
  };
}

/** The context of a public request (nobody signed in yet). */
export function publicCtx(request: FastifyRequest): Ctx {
  return {
    actor: { type: 'system', label: 'public' },
    channel: channelOf(request, null),
    requestId: request.id,
    ip: request.ip,
    ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
  };
}

/**
 * Resolves who is calling: a bearer token (scripts, CLI) or the session cookie (browser). Cookie-
 * authenticated writes must carry the session's CSRF token in X-CSRF-Token; bearer requests need none.
 */
export const authPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { accounts: AccountsService; localOperator?: { secret: string; actor: UserActor } },
  ) => {
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config?.public || !request.url.startsWith('/api/')) return;
      const operator = opts.localOperator;
      if (operator && request.headers['x-imr-local-operator'] === operator.secret) {
        request.auth = { actor: operator.actor, via: 'token' };
        return;
      }
      const header = request.headers.authorization;
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        const actor = match?.[1] ? await opts.accounts.authenticateToken(match[1]) : null;
        if (!actor)
          throw new AppError(
            'UNAUTHENTICATED',
            'The API token is unknown, revoked, or its user is disabled. Create a new token.',
          );
        request.auth = { actor, via: 'token' };
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      const session = await opts.accounts.authenticateSession(cookie);
      if (!session) return;
      request.auth = {
        actor: session.actor,
        via: 'session',
        sessionId: session.sessionId,
        csrfToken: session.csrfToken,
      };
      if (!SAFE_METHODS.has(request.method)) {
        const given = request.headers['x-csrf-token'];
        if (!opts.accounts.verifyCsrf(session.csrfToken, typeof given === 'string' ? given : undefined)) {
          throw new AppError(
            'CSRF_TOKEN_MISSING',
            'This change needs the X-CSRF-Token header with the csrfToken from sign-in (or GET /api/v1/auth/me). Reload the page and try again.',
          );
        }
      }
    });
  },
);
