import type { Ctx } from '../context.ts';
import { beginSignIn, completeSignIn, type SsoDeps } from './sign-in.ts';
import { ssoRepo } from './sso.repo.ts';

export type SsoService = ReturnType<typeof createSsoService>;

/** Single sign-on for the firm's staff (OpenID Connect): binds the use cases of this folder to their dependencies. */
export function createSsoService(deps: SsoDeps) {
  return {
    /** The provider's name, as the sign-in button says it. */
    name: deps.config.name,
    begin: (ctx: Ctx, input: { next?: string | undefined }) => beginSignIn(deps, ctx, input),
    complete: (ctx: Ctx, input: { handle: string | undefined; callbackUrl: URL }) => completeSignIn(deps, ctx, input),
    /** Deletes sign-ins that expired over a day ago (a maintenance job). */
    prune: () => ssoRepo.prune(deps.db.kysely, new Date(deps.clock.now().getTime() - 24 * 3600_000)),
  };
}
