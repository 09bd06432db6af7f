import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import type { UserActor } from '../core/context.ts';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Core } from '../core/core.ts';
import { randomToken } from '../shared/random.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin, problem, sendProblem } from './plugins/errors.ts';
import {
  clientErrorHandler,
  frameworkErrors,
  refuseWhileClosing,
  routeIndex,
  sendMethodNotAllowed,
} from './plugins/framework-problems.ts';
import { textGuardPlugin } from './plugins/text-guard.ts';
import { apiRoutes } from './routes/index.ts';
import { registerWebUi } from './web-ui.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { registerMetrics } from './plugins/metrics.ts';

export interface BuildAppOptions {
  /** Folder of the built web UI (index.html); without it the API runs alone. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyBaseLogger;
  /** In-process use by the CLI when no server runs: requests carrying this secret act as this admin. */
  localOperator?: { secret: string; actor: UserActor };
  /** Overrides TRUST_PROXY: the proxies whose X-Forwarded-For is believed. */
  trustProxy?: string[];
  /** The process's metrics (serve() shares them with METRICS_PORT); made here when not given. */
  metrics?: Metrics;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The headers a request-independent (req, res, next) middleware sets, collected from one dry run. */
function headersOf(
  middleware: (req: never, res: never, next: (err?: unknown) => void) => void,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown;
  middleware({} as never, res as never, (err) => (failed = err));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return headers;
}

/** Builds the HTTP application without listening, so tests use app.inject() and entry points add listen(). */
export async function buildApp(core: Core, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  // helmet's secure headers depend on the configuration only, so its middleware runs once, here, and every
  // response gets the same header set (running its dozen middlewares per request was ~3 % of the CPU of
  // an API write).
  const secureHeaders = headersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Only behind HTTPS: on http://127.0.0.1 an upgrade would break every asset.
          upgradeInsecureRequests: core.config.cookieSecure ? [] : null,
        },
      },
      hsts: core.config.cookieSecure,
      crossOriginEmbedderPolicy: false,
    }),
  );
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: opts.logger ?? false }),
    // Only the listed proxies' X-Forwarded-For counts; without any, the socket address is the client's.
    trustProxy: (opts.trustProxy ?? core.config.trustProxy).length
      ? (opts.trustProxy ?? core.config.trustProxy)
      : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req_${randomToken(12)}`;
    },
    bodyLimit: 1024 * 1024,
    // The framework's own refusals are problem+json too (server/plugins/framework-problems.ts).
    frameworkErrors: frameworkErrors(secureHeaders),
    clientErrorHandler,
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  const routes = routeIndex(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(secureHeaders);
    done();
  });
  refuseWhileClosing(app);
  await app.register(textGuardPlugin);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'IMR Desk API',
        version: core.version,
        description:
          'Incident Management Retainer programme: customers, retainers and their ledger, service requests, work orders, engagements. ' +
          'Errors are application/problem+json with a stable `code`. Authenticate with a session cookie (browser; writes need X-CSRF-Token) or `Authorization: Bearer <API token>`.',
      },
      servers: [{ url: core.config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'imr_session' },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  await app.register(authPlugin, {
    accounts: core.services.accounts,
    ...(opts.localOperator ? { localOperator: opts.localOperator } : {}),
  });

  app.get('/healthz', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
    const readiness = await core.readiness();
    if (readiness.ready) return readiness;
    // A problem like every other 5xx, with the readiness fields as its extension members.
    return sendProblem(request, reply, {
      ...problem('SERVICE_UNAVAILABLE', 'The server is not ready: see database and migrations.'),
      ...readiness,
    });
  });

  registerMetrics(app, opts.metrics ?? createMetrics(core), core.config.metrics.token);
  await app.register(apiRoutes, { prefix: '/api/v1', core });

  const webRoot = opts.webRoot;
  const indexHtml = webRoot ? path.join(webRoot, 'index.html') : undefined;
  if (webRoot && indexHtml && fs.existsSync(indexHtml)) await registerWebUi(app, webRoot);
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wrongMethod = sendMethodNotAllowed(request, reply, url, routes.allowed(url));
    if (wrongMethod) return wrongMethod;
    if (
      url.startsWith('/api/') ||
      !indexHtml ||
      !fs.existsSync(indexHtml) ||
      (request.method !== 'GET' && request.method !== 'HEAD')
    ) {
      return sendProblem(request, reply, problem('NOT_FOUND', `No route ${request.method} ${url}.`));
    }
    // A missing hashed asset (a page opened before an upgrade) is a 404, never the app's HTML as JavaScript.
    if (url.startsWith('/assets/'))
      return sendProblem(request, reply, problem('NOT_FOUND', `No file ${url}: reload the page.`));
    // The single-page app handles every other path (its own 404 page included).
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(fs.createReadStream(indexHtml));
  });
  return app;
}
