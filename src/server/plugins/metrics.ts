import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';
import { problem, sendProblem } from './errors.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Counts every answered request by route template (never the raw URL: ids would make a series each) and
 * serves GET /metrics on the public port only to a scraper holding METRICS_TOKEN (Bearer). Without a
 * token configured the route answers 404 as if absent: METRICS_PORT (127.0.0.1) is then the way in.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
    if (!token) return sendProblem(request, reply, problem('NOT_FOUND', 'No route GET /metrics.'));
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      reply.header('www-authenticate', 'Bearer');
      return sendProblem(
        request,
        reply,
        problem('UNAUTHENTICATED', 'Send the METRICS_TOKEN of the server as `Authorization: Bearer <token>`.'),
      );
    }
    const m = await metrics.render();
    return reply.type(m.contentType).send(m.body);
  });
}
