import { defineScenario } from '../types.ts';

/**
 * The product's HTTP stack with no database and no authentication behind it (request ids, secure headers,
 * error and auth plugins, logging): the gap between hello-world and auth-me splits into this and the rest.
 */
export const healthz = defineScenario<undefined>({
  name: 'healthz',
  description: "GET /healthz: the product's HTTP stack alone (public, no database)",
  backends: ['pglite', 'postgres'],
  compareTo: 'hello-world',
  async setup(ctx) {
    await ctx.api.request('GET', '/healthz');
    return undefined;
  },
  run: () => ({ request: { method: 'GET', path: '/healthz' } }),
});
