import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../shared/errors.ts';

/**
 * PostgreSQL's text cannot hold U+0000, so a NUL that reached a query used to fail there as a 500 on
 * about 30 routes. No field of the product has a use for it: it is refused once, here, before
 * authentication and validation, wherever text enters (path, query string, headers, JSON bodies; the
 * text fields and file names of multipart forms in `readMultipart`). File contents may hold any byte.
 */
export const nulRefusal = (where: string, path: string): AppError =>
  new AppError(
    'NUL_CHARACTER',
    `Remove the NUL character (\\u0000) from ${where}: no text of IMR Desk may contain it.`,
    {
      errors: [{ path, message: 'contains the NUL character (U+0000)' }],
    },
  );

export const hasNul = (s: string): boolean => s.includes('\u0000');

/** `%00` is the only way to write a NUL in a URL (servers never see a raw NUL byte there). */
const ENCODED_NUL = /%00/;

function urlRefusal(url: string): AppError | undefined {
  const q = url.indexOf('?');
  const pathPart = q === -1 ? url : url.slice(0, q);
  if (ENCODED_NUL.test(pathPart) || hasNul(pathPart)) return nulRefusal('the path of the URL', 'path');
  const query = q === -1 ? '' : url.slice(q + 1);
  if (ENCODED_NUL.test(query) || hasNul(query)) return nulRefusal('the query string', 'querystring');
  return undefined;
}

function headerRefusal(request: FastifyRequest): AppError | undefined {
  for (const [name, value] of Object.entries(request.headers)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && hasNul(v)))
      return nulRefusal(`the header ${name}`, `headers.${name}`);
  }
  return undefined;
}

/**
 * The path (`body.a.0.b`) of the first string or key of a parsed JSON value that `isBad` refuses, or
 * undefined. Iterative, so that a deeply nested body cannot overflow the stack.
 */
export function findText(value: unknown, isBad: (s: string) => boolean, root = 'body'): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (isBad(v)) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        // The key is named with JSON's escapes, so that the answer never carries the refused character.
        if (isBad(k)) return `${at}.${JSON.stringify(k).slice(1, -1)}`;
        stack.push([child, `${at}.${k}`]);
      }
    }
  }
  return undefined;
}

/** The path of the first string or key holding a NUL in a parsed JSON value, or undefined. */
export const findNul = (value: unknown, root = 'body'): string | undefined => findText(value, hasNul, root);

export const nulGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (request, _reply, done) => {
    const refusal = urlRefusal(request.url) ?? headerRefusal(request);
    if (refusal) done(refusal);
    else done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    // Multipart routes have no parsed body here; their fields are checked as they are read.
    const at = request.body === undefined ? undefined : findNul(request.body);
    if (at) done(nulRefusal(`the request body (at ${at.replace(/^body\.?/, '') || 'its top level'})`, at));
    else done();
  });
});
