import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { errorCatalog, type ErrorCode } from '../../shared/errors.ts';
import { problem, sendProblem } from './errors.ts';

/**
 * The answers Fastify and Node's HTTP parser give on their own (a URL the router cannot read, a path
 * segment over `maxParamLength`, headers over Node's limit, a slow client, a server that is closing)
 * were plain JSON or a bare status line. Each is RFC 9457 problem+json here, with a stable code.
 */

/** Fastify's `frameworkErrors`: errors of the router, before any route (and any hook) runs. */
export function frameworkErrors(headers: Record<string, string>): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers).header('x-request-id', request.id);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      return sendProblem(
        request,
        reply,
        problem(
          'URI_TOO_LONG',
          'A segment of the URL is longer than 100 characters: ids are at most 64. Check the URL.',
        ),
      );
    }
    if (error.code === 'FST_ERR_BAD_URL') {
      return sendProblem(
        request,
        reply,
        problem('BAD_REQUEST', 'The URL cannot be decoded: every % must start an escape such as %20. Check the URL.'),
      );
    }
    request.log.error({ err: error }, 'router error');
    return sendProblem(
      request,
      reply,
      problem('INTERNAL', 'Something went wrong on our side. The error has been logged; try again.'),
    );
  };
}

const CLIENT_ERRORS: Record<string, { code: ErrorCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: 'HEADERS_TOO_LARGE',
    detail:
      'The request line and headers are larger than the server takes (16 kB): send fewer or shorter headers (cookies included).',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', detail: 'The request took too long to arrive. Try again.' },
};

/**
 * Fastify's `clientErrorHandler`: the request never became one (Node's parser refused it), so the answer
 * is written to the socket directly, as problem+json, and the connection is closed.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = err.code ? CLIENT_ERRORS[err.code] : undefined;
  const { code, detail } = known ?? {
    code: 'BAD_REQUEST' as const,
    detail: `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}): check the request line and headers.`,
  };
  const { status, title } = errorCatalog[code];
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(problem(code, detail));
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** A path pattern of the router (`/api/v1/customers/:id`, `/api/docs/*`) as a regular expression. */
function patternOf(url: string): RegExp {
  const parts = url.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/).map((p) => {
    if (p === '*') return '.*';
    if (p.startsWith(':')) return '[^/]+';
    return p.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

/**
 * Knows every route as it is added, so that the not-found handler can tell a wrong method on a known path
 * (405 with Allow) from an unknown path (404). Register before the routes.
 */
export function routeIndex(app: FastifyInstance): { allowed(path: string): string[] } {
  const routes: { methods: string[]; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    routes.push({ methods: ([] as string[]).concat(route.method), pattern: patternOf(route.url) });
  });
  return {
    allowed(path) {
      const methods = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
      return [...methods].sort();
    },
  };
}

/** Answers 405 METHOD_NOT_ALLOWED with Allow when `allowed` is not empty; false otherwise. */
export function sendMethodNotAllowed(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  allowed: string[],
): FastifyReply | false {
  // A pattern that also matches the request's own method (a constraint or regex parameter it failed) is a 404.
  if (allowed.length === 0 || allowed.includes(request.method)) return false;
  reply.header('allow', allowed.join(', '));
  return sendProblem(
    request,
    reply,
    problem('METHOD_NOT_ALLOWED', `${path} does not take ${request.method}: use ${allowed.join(', ')}.`, {
      details: { allowed },
    }),
  );
}

/**
 * While the server closes, requests that still arrive on open connections get 503 problem+json (Fastify's
 * own `return503OnClosing` answer is plain JSON, so it is turned off where this is registered).
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    sendProblem(request, reply, problem('SERVICE_UNAVAILABLE', 'The server is shutting down. Try again in a moment.'));
  });
}
