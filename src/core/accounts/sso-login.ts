import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { ProviderRole } from '../../shared/roles.ts';
import { ssoRefusalMessages } from '../../shared/sso.ts';
import type { Ctx } from '../context.ts';
import { ssoDecision, type SsoIdentity } from '../sso/sso.rules.ts';
import type { AccountsUseCaseDeps } from './accounts.deps.ts';
import { accountsRepo, type UserWithOrg } from './accounts.repo.ts';
import { openSession, type OpenedSession } from './session.ts';

export interface SsoSignInOptions {
  createUsers: boolean;
  groupRoles: Readonly<Record<string, ProviderRole>>;
}

/**
 * Signs in the provider user whose verified email the firm's OpenID provider vouched for (sso.rules.ts
 * `ssoDecision`): the same session as a password sign-in, audited with method `oidc`. An invited user
 * becomes active (the provider proved the address); an unknown one is created only when its group maps to
 * a role and creating users is on. Refusals are SSO_REFUSED with the reason the sign-in page explains.
 */
export async function signInWithSso(
  deps: AccountsUseCaseDeps,
  ctx: Ctx,
  identity: SsoIdentity,
  options: SsoSignInOptions,
): Promise<OpenedSession> {
  const found = identity.email ? await accountsRepo.userByEmail(deps.db.kysely, identity.email) : undefined;
  const decision = ssoDecision(
    identity,
    found && { status: found.status, organizationKind: found.organization_kind },
    options,
  );
  if (decision.kind === 'refuse') {
    throw new AppError('SSO_REFUSED', ssoRefusalMessages[decision.reason], {
      reason: decision.reason,
      why: decision.why,
    });
  }
  try {
    return await deps.db.transaction(async (trx) => {
      let user = found;
      if (decision.kind === 'create') user = await createSsoUser(deps, trx, ctx, identity, decision.role);
      else if (user?.status === 'invited') user = await activate(deps, trx, ctx, user);
      return openSession(deps, trx, ctx, user!, 'oidc');
    });
  } catch (e) {
    // The same new person signing in twice at once: the other sign-in created the account (its email is
    // unique), so this one signs in to it, decided afresh.
    if (decision.kind === 'create' && (e as { code?: unknown } | null)?.code === '23505')
      return signInWithSso(deps, ctx, identity, options);
    throw e;
  }
}

/** A staff member unknown here, created active without a password, with the role its group maps to. */
async function createSsoUser(
  deps: AccountsUseCaseDeps,
  trx: Executor,
  ctx: Ctx,
  identity: SsoIdentity,
  role: ProviderRole,
): Promise<UserWithOrg> {
  const org = await accountsRepo.providerOrganization(trx);
  if (!org) throw new AppError('SERVICE_UNAVAILABLE', 'The firm is not set up yet: start the server once first.');
  const email = identity.email!;
  const name = identity.name ?? email.split('@')[0]!;
  const id = deps.ids.next('usr');
  const at = deps.clock.now();
  await accountsRepo.insertUser(trx, {
    id,
    organization_id: org.id,
    email,
    name: name.slice(0, 200),
    role,
    status: 'active',
    password_hash: null,
    contact_id: null,
    created_at: at,
    updated_at: at,
  });
  await deps.audit.record(
    trx,
    { ...ctx, actor: { type: 'system', label: 'single sign-on' } },
    {
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      organizationId: org.id,
      after: { email, name, role, status: 'active', via: 'oidc', groups: identity.groups.slice(0, 50) },
    },
  );
  return (await accountsRepo.userById(trx, id))!;
}

/** An invited user signing in through the provider for the first time becomes active. */
async function activate(deps: AccountsUseCaseDeps, trx: Executor, ctx: Ctx, user: UserWithOrg): Promise<UserWithOrg> {
  await accountsRepo.updateUser(trx, user.id, { status: 'active', updated_at: deps.clock.now() });
  await deps.audit.record(
    trx,
    { ...ctx, actor: { type: 'system', label: 'single sign-on' } },
    {
      action: 'user.updated',
      entityType: 'user',
      entityId: user.id,
      organizationId: user.organization_id,
      before: { status: 'invited' },
      after: { status: 'active', via: 'oidc' },
    },
  );
  deps.authChanged();
  return (await accountsRepo.userById(trx, user.id))!;
}
