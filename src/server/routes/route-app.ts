import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The Fastify instance a route plugin registers on (zod type provider): what the per-resource helpers take. */
export type RouteApp = Parameters<FastifyPluginAsyncZod>[0];
