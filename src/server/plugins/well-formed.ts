import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../shared/errors.ts';
import { findText } from './nul-guard.ts';

/** Half of a UTF-16 surrogate pair on its own: JSON can escape one ("\ud800"), no UTF-8 text holds it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or property name) in a parsed JSON body that is not well-formed Unicode. */
export const illFormedPath = (body: unknown): string | undefined => findText(body, (s) => LONE_SURROGATE.test(s));

/**
 * Refuses, once for every route, a JSON body with an unpaired surrogate in any string: it cannot be
 * stored as text or jsonb (PostgreSQL refuses the escape), so it would otherwise fail deep inside a use
 * case. Multipart text fields and query strings arrive as bytes and are decoded to U+FFFD instead.
 */
export const wellFormedPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    if (request.body === null || (typeof request.body !== 'object' && typeof request.body !== 'string')) return;
    const path = illFormedPath(request.body);
    if (!path) return;
    const message = 'is not well-formed Unicode text (it holds half of a surrogate pair): send UTF-8 text';
    throw new AppError('VALIDATION_FAILED', `The request is invalid: ${path} ${message}.`, {
      errors: [{ path, message }],
    });
  });
});
