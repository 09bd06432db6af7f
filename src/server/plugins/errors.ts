import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorCatalog, type ErrorCode } from '../../shared/errors.ts';
import { plainDetail, plainProblems } from '../../shared/plain-errors.ts';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string; field?: string; debug?: string }[];
  details?: Record<string, unknown>;
}

export function problem(code: ErrorCode, detail: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const entry = errorCatalog[code];
  return {
    type: `https://imr-desk.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: entry.title,
    status: entry.status,
    detail,
    code,
    ...extra,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, body: ProblemBody): FastifyReply {
  const retry = body.details?.['retryAfterSeconds'];
  if (body.status === 429 && typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply
    .status(body.status)
    .type('application/problem+json')
    .send({ ...body, instance: request.url.split('?')[0], requestId: request.id });
}

/** The code of each status Fastify gives its own 4xx errors; any other 4xx is BAD_REQUEST. */
const codeOfStatus: Partial<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/** What to do about Fastify's own errors, where its message says only what went wrong. */
const fastifyAdvice: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than 1 MB: send less (files go to their upload routes).',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'This content type is not accepted: send the body as application/json (files as multipart/form-data to their upload routes).',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: check quotes, commas and brackets.',
  FST_ERR_CTP_EMPTY_JSON_BODY:
    'The body is empty but its content type is application/json: send a JSON value, or no content type.',
};

/** Fastify's own 4xx errors (bad JSON, wrong content type, too large…) keep their status with a stable code. */
function fastifyClientError(error: FastifyError): ProblemBody | undefined {
  const status = error.statusCode ?? 0;
  if (status < 400 || status >= 500) return undefined;
  const code = codeOfStatus[status] ?? 'BAD_REQUEST';
  const detail = (error.code && fastifyAdvice[error.code]) || error.message;
  return { ...problem(code, detail), status, ...(error.code ? { details: { fastifyCode: error.code } } : {}) };
}

/**
 * The one place where errors become HTTP: AppError codes map to status and problem+json; validation
 * failures list the offending fields; anything unexpected is a logged 500 without internals.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const errors = Array.isArray(error.details?.['errors'])
        ? (error.details['errors'] as ProblemBody['errors'])
        : undefined;
      const details = error.details
        ? Object.fromEntries(Object.entries(error.details).filter(([k]) => k !== 'errors'))
        : undefined;
      return sendProblem(
        request,
        reply,
        problem(error.code, error.message, {
          ...(errors ? { errors } : {}),
          ...(details && Object.keys(details).length ? { details } : {}),
        }),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = plainProblems(error.validationContext, error.validation);
      return sendProblem(request, reply, problem('VALIDATION_FAILED', plainDetail(errors), { errors }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, cause: error.cause }, 'response did not match its schema');
      return sendProblem(
        request,
        reply,
        problem('INTERNAL', 'The server produced an invalid response. The error has been logged.'),
      );
    }
    const client = fastifyClientError(error);
    if (client) return sendProblem(request, reply, client);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      problem(
        'INTERNAL',
        'Something went wrong on our side. The error has been logged; try again, and tell your administrator the request id if it persists.',
      ),
    );
  });
});
