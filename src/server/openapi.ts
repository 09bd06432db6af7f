import type { FastifyInstance } from 'fastify';

/** The OpenAPI document as committed in docs/openapi.json: independent of the deployment's address. */
export async function openApiDocument(app: FastifyInstance): Promise<Record<string, unknown>> {
  await app.ready();
  const doc = structuredClone(app.swagger()) as Record<string, unknown>;
  doc['servers'] = [{ url: 'http://127.0.0.1:3000' }];
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}
