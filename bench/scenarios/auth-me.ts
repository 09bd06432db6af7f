import { defineScenario } from '../types.ts';

interface State {
  token: string;
}

/**
 * The cost of the product's request path with nothing behind it but authentication: bearer-token lookup
 * (hashed; from memory after the first request, see core/change-cache.ts), the user and its organisation
 * read from the database, zod serialisation, secure headers, request ids.
 */
export const authMe = defineScenario<State>({
  name: 'auth-me',
  description: 'GET /api/v1/auth/me with a bearer token (admin)',
  backends: ['pglite', 'postgres'],
  compareTo: 'hello-world',
  async setup(ctx) {
    const session = await ctx.api.login(ctx.admin.email, ctx.admin.password);
    const token = await ctx.api.createToken(session, `bench auth-me ${ctx.backend}`);
    // One request before the load proves the token works and the answer is the admin.
    const me = await ctx.api.request<{ user: { email: string; role: string } }>('GET', '/api/v1/auth/me', { token });
    if (me.body.user.email !== ctx.admin.email || me.body.user.role !== 'admin') {
      throw new Error(`GET /api/v1/auth/me answered ${JSON.stringify(me.body.user)}, expected the administrator`);
    }
    return { token };
  },
  run: (state) => ({
    request: { method: 'GET', path: '/api/v1/auth/me', headers: { authorization: `Bearer ${state.token}` } },
  }),
});
