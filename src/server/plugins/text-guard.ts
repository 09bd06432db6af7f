import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../shared/errors.ts';
import { hasLoneSurrogate } from '../../shared/names.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';

/**
 * Text that PostgreSQL cannot store, refused once, here, instead of failing deep inside a use case as a
 * 500. A NUL (U+0000): no field has a use for it; refused before authentication and validation wherever
 * text enters (path, query string, headers, JSON bodies; the text fields and file names of multipart forms
 * in `readMultipart`). Half of a UTF-16 surrogate pair, which JSON can escape (`"\ud800"`) but neither
 * text nor jsonb holds: refused in JSON bodies (multipart fields and query strings arrive as bytes and are
 * decoded to U+FFFD). File contents may hold any byte.
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

const unstorable = (s: string): boolean => hasNul(s) || hasLoneSurrogate(s);

/** `%00` is the only way to write a NUL in a URL (servers never see a raw NUL byte there). */
const ENCODED_NUL = /%00/;

function urlRefusal(url: string): AppError | undefined {
  const queryStart = url.indexOf('?');
  const pathPart = queryStart === -1 ? url : url.slice(0, queryStart);
  if (ENCODED_NUL.test(pathPart) || hasNul(pathPart)) return nulRefusal('the path of the URL', 'path');
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
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
 * The first string or key of a parsed JSON value that `isBad` refuses, with its path (`body.a.0.b`), or
 * undefined. Iterative, so that a deeply nested body cannot overflow the stack.
 */
export function findText(
  value: unknown,
  isBad: (s: string) => boolean,
  root = 'body',
): { path: string; text: string } | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (isBad(v)) return { path: at, text: v };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        // The key is named with JSON's escapes, so that the answer never carries the refused character.
        if (isBad(k)) return { path: `${at}.${JSON.stringify(k).slice(1, -1)}`, text: k };
        stack.push([child, `${at}.${k}`]);
      }
    }
  }
  return undefined;
}

function bodyRefusal(body: unknown): AppError | undefined {
  const found = findText(body, unstorable);
  if (!found) return undefined;
  const { path } = found;
  // The field as the forms label it ("Name", "Account team (item 1)"), never the API's path.
  const { field } = fieldProblem(path, 'x');
  if (hasNul(found.text)) return nulRefusal(path === 'body' ? 'the request' : field!, path);
  return fieldRefusal(
    fieldProblem(
      path,
      'Send it as well-formed Unicode text (UTF-8): it holds half of a surrogate pair, which no text can store',
      'lone UTF-16 surrogate',
    ),
  );
}

export const textGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (request, _reply, done) => {
    const refusal = urlRefusal(request.url) ?? headerRefusal(request);
    if (refusal) done(refusal);
    else done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    // One walk over the parsed JSON body. Multipart routes have no parsed body here; their fields are
    // checked as they are read.
    const refusal = request.body === undefined ? undefined : bodyRefusal(request.body);
    if (refusal) done(refusal);
    else done();
  });
});
