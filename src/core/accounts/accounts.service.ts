import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Role } from '../../shared/roles.ts';
import { createChangeCache } from '../change-cache.ts';
import type { Ctx } from '../context.ts';
import type { AccountsDeps, AccountsUseCaseDeps, TokenRow } from './accounts.deps.ts';
import { authenticateSession, authenticateToken, verifyCsrf } from './authenticate.ts';
import { bootstrap } from './bootstrap.ts';
import { getOrganization, listStaff } from './directory.ts';
import { login, logout, pruneLoginAttempts } from './login.ts';
import { preparePassword } from './password-links.ts';
import { signInWithSso } from './sso-login.ts';
import { getSignInPolicy, setStaffPasswords, type StaffPasswords } from './staff-passwords.ts';
import type { SsoIdentity } from '../sso/sso.rules.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { createApiToken, listApiTokens, revokeAllApiTokens, revokeApiToken } from './tokens.ts';
import {
  createUser,
  createUserInTx,
  getUser,
  listUsers,
  me,
  setRoleInTx,
  updateMe,
  updateUser,
  type MePatch,
  type NewUser,
  type UserPatch,
} from './users.ts';

/** Bearer tokens whose user is cached; a deployment has far fewer. */
const TOKEN_CACHE_ENTRIES = 10_000;

export type AccountsService = ReturnType<typeof createAccountsService>;

/** Users, sign-in, password links and API tokens: binds the use cases of this folder to their dependencies. */
export function createAccountsService(accountsDeps: AccountsDeps) {
  // Bearer lookups by token hash. A user's change or a token's revocation is announced on `imr_auth`
  // (migration 0011) and clears them all; this process's own changes clear them after their commit.
  const tokens = createChangeCache<TokenRow>(accountsDeps.changes, { maxEntries: TOKEN_CACHE_ENTRIES });
  accountsDeps.changes.on('imr_auth', () => tokens.clear());
  const authChanged = (): void => accountsDeps.db.afterTransaction(() => tokens.clear());
  const deps: AccountsUseCaseDeps = { ...accountsDeps, tokens, authChanged };

  return {
    createUserInTx: (trx: Executor, ctx: Ctx, input: NewUser) => createUserInTx(deps, trx, ctx, input),
    preparePassword,
    bootstrap: (input: { providerName: string; adminEmail: string; adminPassword?: string }) => bootstrap(deps, input),
    login: (ctx: Ctx, input: { email: string; password: string }) => login(deps, ctx, input),
    logout: (ctx: Ctx, sessionId: string) => logout(deps, ctx, sessionId),
    /** A session for the staff member whose identity the OpenID provider proved (SSO_REFUSED otherwise). */
    signInWithSso: (ctx: Ctx, identity: SsoIdentity) => {
      if (!deps.sso) throw new AppError('NOT_FOUND', 'Single sign-on is not set up on this server.');
      return signInWithSso(deps, ctx, identity, deps.sso);
    },
    getSignInPolicy: (ctx: Ctx) => getSignInPolicy(deps, ctx),
    setStaffPasswords: (ctx: Ctx, input: { staffPasswords: StaffPasswords; reason: string }) =>
      setStaffPasswords(deps, ctx, input),
    authenticateSession: (token: string) => authenticateSession(deps, token),
    authenticateToken: (token: string) => authenticateToken(deps, token),
    /** For a caller whose transaction changes a user outside this service (a contact's portal login): cached bearer lookups go once it has ended. */
    authChanged,
    verifyCsrf,
    me: (ctx: Ctx) => me(deps, ctx),
    requestPasswordReset: (ctx: Ctx, email: string) => requestPasswordReset(deps, ctx, email),
    confirmPasswordReset: (ctx: Ctx, input: { token: string; password: string }) =>
      confirmPasswordReset(deps, ctx, input),
    createUser: (ctx: Ctx, input: { email: string; name: string; role: Role; password?: string }) =>
      createUser(deps, ctx, input),
    listUsers: (ctx: Ctx, filter: Parameters<typeof listUsers>[2]) => listUsers(deps, ctx, filter),
    getOrganization: (ctx: Ctx, id: string) => getOrganization(deps, ctx, id),
    listStaff: (ctx: Ctx, filter: { role?: string; q?: string }) => listStaff(deps, ctx, filter),
    getUser: (ctx: Ctx, id: string) => getUser(deps, ctx, id),
    updateUser: (ctx: Ctx, id: string, patch: UserPatch) => updateUser(deps, ctx, id, patch),
    updateMe: (ctx: Ctx, patch: MePatch) => updateMe(deps, ctx, patch),
    setRoleInTx: (trx: Executor, ctx: Ctx, userId: string, role: Role) => setRoleInTx(deps, trx, ctx, userId, role),
    createApiToken: (ctx: Ctx, input: { name: string }) => createApiToken(deps, ctx, input),
    listApiTokens: (ctx: Ctx) => listApiTokens(deps, ctx),
    revokeApiToken: (ctx: Ctx, id: string) => revokeApiToken(deps, ctx, id),
    revokeAllApiTokens: (ctx: Ctx) => revokeAllApiTokens(deps, ctx),
    pruneLoginAttempts: () => pruneLoginAttempts(deps),
  };
}
