import type { Executor } from '../../db/create-db.ts';
import { canonicalTimeZone } from '../../shared/contracts/time-zone.ts';
import { AppError } from '../../shared/errors.ts';
import { isCustomerRole, isProviderRole, type Role } from '../../shared/roles.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage } from '../pagination.ts';
import type { AccountsDeps, AccountsUseCaseDeps } from './accounts.deps.ts';
import { accountsPolicy } from './accounts.policy.ts';
import { accountsRepo, type UserWithOrg } from './accounts.repo.ts';
import type { UserStatus } from './accounts.tables.ts';
import { toUserView, type UserView } from './accounts.views.ts';
import { issuePasswordLink, preparePassword } from './password-links.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface NewUser {
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  password?: string;
  passwordHash?: string;
  contactId?: string | null;
}

export type UserPatch = {
  name?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  workPhone?: string | null;
  timeZone?: string | null;
};
/** What a user changes of his own account: his work phone (staff) and the zone of his emails. */
export type MePatch = { workPhone?: string | null; timeZone?: string | null };

const zoneOf = (zone: string | null): string | null => (zone ? canonicalTimeZone(zone) : null);

/** A user by id, else NOT_FOUND. */
export async function loadUser(ex: Executor, id: string): Promise<UserWithOrg> {
  const user = await accountsRepo.userById(ex, id);
  if (!user) throw new AppError('NOT_FOUND', `User ${id} not found.`);
  return user;
}

/**
 * Creates a user in an organisation on the caller's transaction (provider staff here; customer users
 * through their contact). Without a password the user gets a set-password email.
 */
export async function createUserInTx(deps: AccountsDeps, trx: Executor, ctx: Ctx, input: NewUser): Promise<string> {
  if (await accountsRepo.emailTaken(trx, input.email)) {
    throw new AppError(
      'EMAIL_TAKEN',
      `${input.email} is already a user. Use another address, or edit the existing user.`,
      {
        field: 'email',
      },
    );
  }
  const id = deps.ids.next('usr');
  const at = deps.clock.now();
  const hasPassword = input.passwordHash !== undefined;
  await accountsRepo.insertUser(trx, {
    id,
    organization_id: input.organizationId,
    email: input.email.trim(),
    name: input.name.trim(),
    role: input.role,
    status: hasPassword ? 'active' : 'invited',
    password_hash: input.passwordHash ?? null,
    contact_id: input.contactId ?? null,
    created_at: at,
    updated_at: at,
  });
  if (!hasPassword) {
    await issuePasswordLink(
      deps,
      trx,
      { id, email: input.email, name: input.name },
      'set_password',
      ctx.actor.type === 'user' ? ctx.actor.name : undefined,
    );
  }
  await deps.audit.record(trx, ctx, {
    action: 'user.created',
    entityType: 'user',
    entityId: id,
    organizationId: input.organizationId,
    after: {
      email: input.email,
      name: input.name,
      role: input.role,
      status: hasPassword ? 'active' : 'invited',
      contactId: input.contactId ?? null,
    },
  });
  return id;
}

/** Admins create provider staff: with a password (usable at once) or with a set-password email. */
export async function createUser(
  deps: AccountsDeps,
  ctx: Ctx,
  input: { email: string; name: string; role: Role; password?: string },
): Promise<UserView> {
  authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators create users.');
  if (!isProviderRole(input.role)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Customer users are created by inviting a contact of the customer; choose a provider role here.',
      {
        errors: [{ path: 'role', message: 'must be admin, ir_manager, consultant or account_manager' }],
      },
    );
  }
  const passwordHash = input.password ? await preparePassword(input.password, input.email) : undefined;
  const providerOrgId = ctx.actor.organizationId;
  const id = await deps.db.transaction((trx) =>
    createUserInTx(deps, trx, ctx, {
      organizationId: providerOrgId,
      email: input.email,
      name: input.name,
      role: input.role,
      ...(passwordHash ? { passwordHash } : {}),
    }),
  );
  return toUserView(await loadUser(deps.db.kysely, id));
}

/** Admins list users, filtered by organisation, role, status and a search text. */
export async function listUsers(
  deps: AccountsDeps,
  ctx: Ctx,
  filter: { organizationId?: string; role?: string; status?: string; q?: string; cursor?: string; limit?: number },
) {
  authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators list users.');
  const limit = filter.limit ?? 50;
  const after = byId.decode(filter.cursor);
  const rows = await accountsRepo.listUsers(deps.db.kysely, {
    ...filter,
    ...(after ? { afterId: after[0] } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byId, (row) => [row.id]);
  return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
}

/** Admins read one user account. */
export async function getUser(deps: AccountsDeps, ctx: Ctx, id: string): Promise<UserView> {
  authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators read user accounts.');
  return toUserView(await loadUser(deps.db.kysely, id));
}

/** The signed-in user as the API shows it. */
export async function me(deps: AccountsDeps, ctx: Ctx): Promise<UserView> {
  authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
  return toUserView(await loadUser(deps.db.kysely, ctx.actor.userId));
}

/** A customer user's phone is its contact's (edited on the customer), not a work phone of the firm's staff. */
const customerPhone = () =>
  new AppError(
    'BUSINESS_RULE',
    "Only the IR firm's staff have a work phone here: a customer user's phone numbers are its contact's, edit the contact instead.",
    { field: 'workPhone' },
  );

/**
 * A user changes his own work phone (staff: shown in the portal's account team) and the time zone his emails
 * are written in; audited. A customer user's work phone is refused (his phone numbers are his contact's).
 */
export async function updateMe(deps: AccountsUseCaseDeps, ctx: Ctx, patch: MePatch): Promise<UserView> {
  authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
  const userId = ctx.actor.userId;
  if (patch.workPhone !== undefined && ctx.actor.organizationKind !== 'provider') throw customerPhone();
  await deps.db.transaction(async (trx) => {
    const user = await accountsRepo.userByIdForUpdate(trx, userId);
    if (!user) throw new AppError('NOT_FOUND', `User ${userId} not found.`);
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    if (patch.workPhone !== undefined && patch.workPhone !== user.work_phone) {
      before['workPhone'] = user.work_phone;
      after['workPhone'] = patch.workPhone;
    }
    if (patch.timeZone !== undefined && zoneOf(patch.timeZone) !== user.time_zone) {
      before['timeZone'] = user.time_zone;
      after['timeZone'] = zoneOf(patch.timeZone);
    }
    if (Object.keys(after).length === 0) return;
    await accountsRepo.updateUser(trx, userId, {
      ...('workPhone' in after ? { work_phone: after['workPhone'] } : {}),
      ...('timeZone' in after ? { time_zone: after['timeZone'] } : {}),
      updated_at: deps.clock.now(),
    });
    await deps.audit.record(trx, ctx, {
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      organizationId: user.organization_id,
      before,
      after,
    });
  });
  return toUserView(await loadUser(deps.db.kysely, userId));
}

/** The status a patch leaves: disabling wins; re-enabling returns to active, or invited without a password. */
function nextStatus(user: { status: UserStatus; password_hash: string | null }, patch: UserPatch): UserStatus {
  if (patch.status === 'disabled') return 'disabled';
  if (patch.status === 'active' && user.status === 'disabled') return user.password_hash ? 'active' : 'invited';
  return user.status;
}

/**
 * Admins rename, change the role of provider staff, disable or re-enable users. Disabling ends the
 * user's sessions and revokes its tokens at once. The last active administrator stays.
 */
export async function updateUser(deps: AccountsUseCaseDeps, ctx: Ctx, id: string, patch: UserPatch): Promise<UserView> {
  authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators edit users.');
  await deps.db.transaction(async (trx) => {
    deps.authChanged();
    const user = await accountsRepo.userByIdForUpdate(trx, id);
    if (!user) throw new AppError('NOT_FOUND', `User ${id} not found.`);
    if (patch.role && patch.role !== user.role) {
      if (isCustomerRole(user.role) || isCustomerRole(patch.role)) {
        throw new AppError(
          'BUSINESS_RULE',
          "A customer user's role follows the flags of its contact: edit the contact instead.",
        );
      }
    }
    const losesAdmin = user.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.status === 'disabled');
    if (losesAdmin && (await accountsRepo.countAdmins(trx)) <= 1) {
      throw new AppError(
        'BUSINESS_RULE',
        'This is the last active administrator: make another user an administrator first.',
      );
    }
    if (patch.workPhone !== undefined && patch.workPhone !== null && isCustomerRole(user.role)) throw customerPhone();
    const status = nextStatus(user, patch);
    const at = deps.clock.now();
    const next = {
      name: patch.name?.trim() ?? user.name,
      role: patch.role ?? user.role,
      status,
      ...(patch.workPhone !== undefined ? { work_phone: patch.workPhone } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: zoneOf(patch.timeZone) } : {}),
    };
    await accountsRepo.updateUser(trx, id, { ...next, updated_at: at });
    const disabled = status === 'disabled' && user.status !== 'disabled';
    if (disabled) {
      await accountsRepo.endUserSessions(trx, id, at);
      await accountsRepo.revokeUserApiTokens(trx, id, at);
    }
    await deps.audit.record(trx, ctx, {
      action: disabled ? 'user.disabled' : 'user.updated',
      entityType: 'user',
      entityId: id,
      organizationId: user.organization_id,
      before: {
        name: user.name,
        role: user.role,
        status: user.status,
        ...(patch.workPhone !== undefined ? { workPhone: user.work_phone } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: user.time_zone } : {}),
      },
      after: {
        name: next.name,
        role: next.role,
        status: next.status,
        ...(patch.workPhone !== undefined ? { workPhone: patch.workPhone } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: zoneOf(patch.timeZone) } : {}),
      },
    });
  });
  return toUserView(await loadUser(deps.db.kysely, id));
}

/** Sets the role of a customer user on the caller's transaction (its contact's flags changed). */
export async function setRoleInTx(
  deps: AccountsUseCaseDeps,
  trx: Executor,
  ctx: Ctx,
  userId: string,
  role: Role,
): Promise<void> {
  const user = await accountsRepo.userByIdForUpdate(trx, userId);
  if (!user || user.role === role) return;
  deps.authChanged();
  await accountsRepo.updateUser(trx, userId, { role, updated_at: deps.clock.now() });
  await deps.audit.record(trx, ctx, {
    action: 'user.role_changed',
    entityType: 'user',
    entityId: userId,
    organizationId: user.organization_id,
    before: { role: user.role },
    after: { role },
  });
}
