import type { ChangeFeed } from '../../db/change-feed.ts';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { isCustomerRole, isProviderRole, type Role } from '../../shared/roles.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { createChangeCache } from '../change-cache.ts';
import type { Ctx, UserActor } from '../context.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { accountsPolicy } from './accounts.policy.ts';
import { accountsRepo, type UserWithOrg } from './accounts.repo.ts';
import {
  loginThrottle,
  loginThrottleHorizonMs,
  needsTouch,
  passwordProblems,
  sessionValid,
  throttleDecision,
} from './accounts.rules.ts';
import type { OneTimePurpose, UserStatus } from './accounts.tables.ts';
import { hashPassword, newSecret, safeEqual, sha256Hex, verifyAgainstDummy, verifyPassword } from './secrets.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  organizationId: string;
  organizationKind: 'provider' | 'customer';
  organizationName: string;
  contactId: string | null;
  createdAt: Date;
}

export const toUserView = (u: UserWithOrg): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.status,
  organizationId: u.organization_id,
  organizationKind: u.organization_kind,
  organizationName: u.organization_name,
  contactId: u.contact_id,
  createdAt: u.created_at,
});

export const toActor = (u: UserWithOrg): UserActor => ({
  type: 'user',
  userId: u.id,
  organizationId: u.organization_id,
  organizationKind: u.organization_kind,
  role: u.role,
  email: u.email,
  name: u.name,
  contactId: u.contact_id,
});

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  session: { idleMinutes: number; absoluteHours: number };
  /** The database's change notifications: bearer-token lookups are cached while it is live. */
  changes: Pick<ChangeFeed, 'live' | 'onReset' | 'on'>;
}

/** Bearer tokens whose user is cached; a deployment has far fewer. */
const TOKEN_CACHE_ENTRIES = 10_000;

const linkLifetime: Record<OneTimePurpose, number> = {
  set_password: 72 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

export type AccountsService = ReturnType<typeof createAccountsService>;

export function createAccountsService(deps: AccountsDeps) {
  const { db, clock, ids, audit } = deps;
  const now = () => clock.now();

  // Bearer lookups by token hash. A user's change or a token's revocation is announced on `imr_auth`
  // (migration 0011) and clears them all; this process's own changes clear them after their commit.
  type TokenRow = NonNullable<Awaited<ReturnType<typeof accountsRepo.apiTokenByHash>>>;
  const tokens = createChangeCache<TokenRow>(deps.changes, { maxEntries: TOKEN_CACHE_ENTRIES });
  deps.changes.on('imr_auth', () => tokens.clear());

  /** Called inside a transaction that changes users or tokens: cached lookups go once it has ended. */
  const authChanged = (): void => db.afterTransaction(() => tokens.clear());

  function assertStrong(password: string, email: string): void {
    const problems = passwordProblems(password, email);
    if (problems.length) {
      throw new AppError('WEAK_PASSWORD', `Choose a stronger password: ${problems.join('; ')}.`, { problems });
    }
  }

  /**
   * Issues a single-use link (set or reset password) and writes its email to the outbox, on `trx`. A
   * newer link voids every earlier unused one of the user; the user row is locked so that two requests
   * at once cannot leave two working links.
   */
  async function issuePasswordLink(
    trx: Executor,
    user: { id: string; email: string; name: string },
    purpose: OneTimePurpose,
    invitedBy?: string,
  ): Promise<void> {
    const token = newSecret();
    await accountsRepo.userByIdForUpdate(trx, user.id);
    const at = now();
    await accountsRepo.voidOneTimeTokens(trx, user.id, at);
    await accountsRepo.insertOneTimeToken(trx, {
      id: ids.next('otk'),
      user_id: user.id,
      purpose,
      token_hash: sha256Hex(token),
      created_at: at,
      expires_at: new Date(at.getTime() + linkLifetime[purpose]),
    });
    // Only a user who has API tokens reads about them: most (customers above all) have none.
    const liveTokens =
      purpose === 'reset_password'
        ? (await accountsRepo.listApiTokens(trx, user.id)).filter((t) => !t.revoked_at).length
        : 0;
    const path = purpose === 'set_password' ? 'set-password' : 'reset-password';
    const url = `${deps.publicUrl}/${path}?token=${encodeURIComponent(token)}`;
    const content =
      purpose === 'set_password'
        ? renderEmail({
            heading: 'Your IMR Desk account',
            paragraphs: [
              `Hello ${user.name},`,
              `${invitedBy ?? 'An administrator'} created an IMR Desk account for ${user.email}. Choose your password to sign in. The link works once and expires in 72 hours.`,
            ],
            action: { label: 'Choose your password', url },
          })
        : renderEmail({
            heading: 'Reset your IMR Desk password',
            paragraphs: [
              `Hello ${user.name},`,
              'Someone (hopefully you) asked to reset the password of this account. The link works once and expires in one hour; any earlier link no longer works. If it was not you, ignore this message: your password stays as it is.',
              'Setting a new password signs you out everywhere.',
              ...(liveTokens > 0
                ? [
                    `Your ${liveTokens === 1 ? 'API token keeps' : `${liveTokens} API tokens keep`} working, because scripts depend on them: if you think one is exposed, revoke them all on the API tokens page (or with imr tokens revoke --all).`,
                  ]
                : []),
            ],
            action: { label: 'Choose a new password', url },
          });
    await deps.outbox.enqueueEmail(trx, {
      topic: purpose === 'set_password' ? 'user.invited' : 'user.password_reset',
      to: [user.email],
      subject: purpose === 'set_password' ? 'Your IMR Desk account: choose a password' : 'Reset your IMR Desk password',
      ...content,
    });
  }

  async function loadUser(ex: Executor, id: string): Promise<UserWithOrg> {
    const u = await accountsRepo.userById(ex, id);
    if (!u) throw new AppError('NOT_FOUND', `User ${id} not found.`);
    return u;
  }

  /**
   * Creates a user in an organisation on the caller's transaction (provider staff here; customer users
   * through their contact). Without a password the user gets a set-password email.
   */
  async function createUserInTx(
    trx: Executor,
    ctx: Ctx,
    input: {
      organizationId: string;
      email: string;
      name: string;
      role: Role;
      password?: string;
      passwordHash?: string;
      contactId?: string | null;
    },
  ): Promise<string> {
    if (await accountsRepo.emailTaken(trx, input.email)) {
      throw new AppError(
        'EMAIL_TAKEN',
        `${input.email} is already a user. Use another address, or edit the existing user.`,
        { field: 'email' },
      );
    }
    const id = ids.next('usr');
    const at = now();
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
        trx,
        { id, email: input.email, name: input.name },
        'set_password',
        ctx.actor.type === 'user' ? ctx.actor.name : undefined,
      );
    }
    await audit.record(trx, ctx, {
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

  /** Hashes a password chosen by an admin for another user, after checking its strength. */
  async function preparePassword(password: string, email: string): Promise<string> {
    assertStrong(password, email);
    return hashPassword(password);
  }

  return {
    createUserInTx,
    preparePassword,

    /**
     * First start: creates the provider organisation and an administrator when none exists. Without a
     * configured password one is generated and returned (printed once by the caller).
     */
    async bootstrap(o: {
      providerName: string;
      adminEmail: string;
      adminPassword?: string;
    }): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
      const generatedPassword = o.adminPassword ? undefined : newSecret().slice(0, 20);
      const password = o.adminPassword ?? generatedPassword!;
      const passwordHash = await hashPassword(password);
      return db.transaction(async (trx) => {
        let org = await accountsRepo.providerOrganization(trx);
        if (!org) {
          const id = ids.next('org');
          await accountsRepo.insertOrganization(trx, { id, kind: 'provider', name: o.providerName, created_at: now() });
          org = (await accountsRepo.organization(trx, id))!;
        }
        if ((await accountsRepo.countAdmins(trx)) > 0) return { created: false, email: o.adminEmail };
        if (await accountsRepo.emailTaken(trx, o.adminEmail)) {
          throw new AppError(
            'EMAIL_TAKEN',
            `Cannot create the administrator: ${o.adminEmail} is already a user. Set IMR_ADMIN_EMAIL to another address.`,
          );
        }
        const id = ids.next('usr');
        await accountsRepo.insertUser(trx, {
          id,
          organization_id: org.id,
          email: o.adminEmail,
          name: 'Administrator',
          role: 'admin',
          status: 'active',
          password_hash: passwordHash,
          contact_id: null,
          created_at: now(),
          updated_at: now(),
        });
        await audit.record(
          trx,
          { actor: { type: 'system', label: 'bootstrap' }, channel: 'system' },
          {
            action: 'user.created',
            entityType: 'user',
            entityId: id,
            after: { email: o.adminEmail, role: 'admin' },
          },
        );
        return { created: true, email: o.adminEmail, ...(generatedPassword ? { generatedPassword } : {}) };
      });
    },

    /**
     * Signs in with email and password; throttled per email + address, per email and per address
     * (accounts.rules.ts), so the right password from elsewhere passes; one message for every failure.
     */
    async login(ctx: Ctx, input: { email: string; password: string }) {
      const emailLower = input.email.trim().toLowerCase();
      const ip = ctx.ip ?? 'unknown';
      const at = now();
      const decision = throttleDecision(
        at,
        await accountsRepo.loginLimitsReached(db.kysely, { emailLower, ip, now: at }, loginThrottle),
      );
      if (!decision.allowed) {
        const minutes = Math.ceil(decision.retryAfterSeconds / 60);
        throw new AppError(
          'RATE_LIMITED',
          `Too many failed sign-ins${decision.scope === 'account' ? ' to this account' : ' from your network'}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`,
          {
            retryAfterSeconds: decision.retryAfterSeconds,
          },
        );
      }
      const user = await accountsRepo.userByEmail(db.kysely, emailLower);
      let ok = false;
      if (user?.password_hash) ok = await verifyPassword(user.password_hash, input.password);
      else await verifyAgainstDummy(input.password);
      if (!ok || !user || user.status !== 'active') {
        await accountsRepo.recordLoginAttempt(db.kysely, { email_lower: emailLower, ip, succeeded: false, at });
        throw new AppError('INVALID_CREDENTIALS', 'Email or password is wrong.');
      }
      const token = newSecret();
      const csrfToken = newSecret();
      const sessionId = ids.next('ses');
      const expiresAt = new Date(at.getTime() + deps.session.absoluteHours * 3600_000);
      await db.transaction(async (trx) => {
        await accountsRepo.recordLoginAttempt(trx, { email_lower: emailLower, ip, succeeded: true, at });
        await accountsRepo.insertSession(trx, {
          id: sessionId,
          token_hash: sha256Hex(token),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: at,
          last_seen_at: at,
          expires_at: expiresAt,
          ip: ctx.ip ?? null,
          user_agent: ctx.userAgent?.slice(0, 500) ?? null,
        });
        await audit.record(
          trx,
          { ...ctx, actor: toActor(user) },
          {
            action: 'auth.login',
            entityType: 'session',
            entityId: sessionId,
            organizationId: user.organization_id,
          },
        );
      });
      return { user: toUserView(user), sessionToken: token, sessionId, csrfToken, expiresAt };
    },

    /** Ends one browser session. */
    async logout(ctx: Ctx, sessionId: string): Promise<void> {
      await db.transaction(async (trx) => {
        await accountsRepo.endSession(trx, sessionId, now());
        await audit.record(trx, ctx, { action: 'auth.logout', entityType: 'session', entityId: sessionId });
      });
    },

    /** Resolves a session cookie to its user, or null when it is unknown, ended, idle too long or past its lifetime. */
    async authenticateSession(
      token: string,
    ): Promise<{ actor: UserActor; sessionId: string; csrfToken: string } | null> {
      const s = await accountsRepo.sessionByTokenHash(db.kysely, sha256Hex(token));
      const at = now();
      if (!s || !sessionValid(s, at, deps.session.idleMinutes) || s.user.status !== 'active') return null;
      if (needsTouch(s.last_seen_at, at)) await accountsRepo.touchSession(db.kysely, s.id, at);
      return { actor: toActor(s.user), sessionId: s.id, csrfToken: s.csrf_token };
    },

    /** Resolves a bearer token to its owner, or null when unknown, revoked or the owner is not active. */
    async authenticateToken(token: string): Promise<UserActor | null> {
      const hash = sha256Hex(token);
      const r = await tokens.get(hash, async () => (await accountsRepo.apiTokenByHash(db.kysely, hash)) ?? undefined);
      if (!r || r.token_revoked_at || r.status !== 'active') return null;
      const at = now();
      if (needsTouch(r.token_last_used_at, at)) {
        await accountsRepo.touchApiToken(db.kysely, r.token_id, at);
        r.token_last_used_at = at;
      }
      return toActor(r);
    },

    /** For a caller whose transaction changes a user outside this service (a contact's portal login): cached bearer lookups go once it has ended. */
    authChanged,

    verifyCsrf: (expected: string, given: string | undefined): boolean =>
      given !== undefined && safeEqual(expected, given),

    /** The signed-in user as the API shows it. */
    async me(ctx: Ctx): Promise<UserView> {
      authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
      return toUserView(await loadUser(db.kysely, ctx.actor.userId));
    },

    /** Always succeeds (no account enumeration); a real, enabled account gets a single-use, one-hour link. */
    async requestPasswordReset(ctx: Ctx, email: string): Promise<void> {
      const user = await accountsRepo.userByEmail(db.kysely, email.trim());
      if (!user || user.status === 'disabled') return;
      await db.transaction(async (trx) => {
        await issuePasswordLink(trx, user, 'reset_password');
        await audit.record(trx, ctx, {
          action: 'auth.password_reset_requested',
          entityType: 'user',
          entityId: user.id,
          organizationId: user.organization_id,
        });
      });
    },

    /** Sets a password from a set-password or reset link; the link is used up and the user's other sessions end. */
    async confirmPasswordReset(ctx: Ctx, input: { token: string; password: string }): Promise<UserView> {
      const tokenHash = sha256Hex(input.token);
      const peek = await accountsRepo.oneTimeTokenForUpdate(db.kysely, tokenHash);
      const invalid = new AppError(
        'TOKEN_INVALID',
        'This link is invalid, used or expired. Ask for a new one with "Forgot password?" on the sign-in page.',
      );
      if (!peek || peek.used_at || peek.expires_at.getTime() <= now().getTime()) throw invalid;
      const user = await loadUser(db.kysely, peek.user_id);
      assertStrong(input.password, user.email);
      const passwordHash = await hashPassword(input.password);
      await db.transaction(async (trx) => {
        authChanged();
        const t = await accountsRepo.oneTimeTokenForUpdate(trx, tokenHash);
        const at = now();
        if (!t || t.used_at || t.expires_at.getTime() <= at.getTime()) throw invalid;
        const u = await accountsRepo.userByIdForUpdate(trx, t.user_id);
        if (!u || u.status === 'disabled') throw invalid;
        await accountsRepo.useOneTimeToken(trx, t.id, at);
        await accountsRepo.updateUser(trx, u.id, { password_hash: passwordHash, status: 'active', updated_at: at });
        await accountsRepo.endUserSessions(trx, u.id, at);
        await audit.record(
          trx,
          { ...ctx, actor: toActor(user) },
          {
            action: t.purpose === 'set_password' ? 'user.password_set' : 'user.password_reset',
            entityType: 'user',
            entityId: u.id,
            organizationId: u.organization_id,
            before: { status: u.status },
            after: { status: 'active' },
          },
        );
      });
      return toUserView(await loadUser(db.kysely, user.id));
    },

    /** Admins create provider staff: with a password (usable at once) or with a set-password email. */
    async createUser(
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
      const id = await db.transaction((trx) =>
        createUserInTx(trx, ctx, {
          organizationId: providerOrgId,
          email: input.email,
          name: input.name,
          role: input.role,
          ...(passwordHash ? { passwordHash } : {}),
        }),
      );
      return toUserView(await loadUser(db.kysely, id));
    },

    /** Admins list users, filtered by organisation, role, status and a search text. */
    async listUsers(
      ctx: Ctx,
      f: { organizationId?: string; role?: string; status?: string; q?: string; cursor?: string; limit?: number },
    ) {
      authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators list users.');
      const limit = f.limit ?? 50;
      const after = byId.decode(f.cursor);
      const rows = await accountsRepo.listUsers(db.kysely, {
        ...f,
        ...(after ? { afterId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
    },

    /** An organisation: provider staff read any; a customer user only its own (another tenant's is 404). */
    async getOrganization(ctx: Ctx, id: string) {
      const org = await accountsRepo.organization(db.kysely, id);
      if (!org || !canSeeTenant(ctx.actor, org.id)) throw new AppError('NOT_FOUND', `Organisation ${id} not found.`);
      return { id: org.id, kind: org.kind, name: org.name, createdAt: org.created_at };
    },

    /**
     * The firm's directory: active provider staff (name, email, role) for every provider user, so IR
     * managers can staff engagements and account managers can form account teams without admin rights.
     */
    async listStaff(ctx: Ctx, f: { role?: string; q?: string }) {
      authorize(ctx.actor, accountsPolicy.readStaff, "Only the IR firm's staff read its directory.");
      const org = await accountsRepo.providerOrganization(db.kysely);
      if (!org) return [];
      const rows = await accountsRepo.listUsers(db.kysely, {
        organizationId: org.id,
        status: 'active',
        ...f,
        limit: 1000,
      });
      return rows.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));
    },

    async getUser(ctx: Ctx, id: string): Promise<UserView> {
      authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators read user accounts.');
      return toUserView(await loadUser(db.kysely, id));
    },

    /**
     * Admins rename, change the role of provider staff, disable or re-enable users. Disabling ends the
     * user's sessions and revokes its tokens at once. The last active administrator stays.
     */
    async updateUser(
      ctx: Ctx,
      id: string,
      patch: { name?: string; role?: Role; status?: 'active' | 'disabled' },
    ): Promise<UserView> {
      authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators edit users.');
      await db.transaction(async (trx) => {
        authChanged();
        const u = await accountsRepo.userByIdForUpdate(trx, id);
        if (!u) throw new AppError('NOT_FOUND', `User ${id} not found.`);
        if (patch.role && patch.role !== u.role) {
          if (isCustomerRole(u.role) || isCustomerRole(patch.role)) {
            throw new AppError(
              'BUSINESS_RULE',
              "A customer user's role follows the flags of its contact: edit the contact instead.",
            );
          }
        }
        const losesAdmin =
          u.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.status === 'disabled');
        if (losesAdmin && (await accountsRepo.countAdmins(trx)) <= 1) {
          throw new AppError(
            'BUSINESS_RULE',
            'This is the last active administrator: make another user an administrator first.',
          );
        }
        let status = u.status;
        if (patch.status === 'disabled') status = 'disabled';
        else if (patch.status === 'active' && u.status === 'disabled') status = u.password_hash ? 'active' : 'invited';
        const at = now();
        const next = { name: patch.name?.trim() ?? u.name, role: patch.role ?? u.role, status };
        await accountsRepo.updateUser(trx, id, { ...next, updated_at: at });
        if (status === 'disabled' && u.status !== 'disabled') {
          await accountsRepo.endUserSessions(trx, id, at);
          await accountsRepo.revokeUserApiTokens(trx, id, at);
        }
        await audit.record(trx, ctx, {
          action: status === 'disabled' && u.status !== 'disabled' ? 'user.disabled' : 'user.updated',
          entityType: 'user',
          entityId: id,
          organizationId: u.organization_id,
          before: { name: u.name, role: u.role, status: u.status },
          after: next,
        });
      });
      return toUserView(await loadUser(db.kysely, id));
    },

    /** Sets the role of a customer user on the caller's transaction (its contact's flags changed). */
    async setRoleInTx(trx: Executor, ctx: Ctx, userId: string, role: Role): Promise<void> {
      const u = await accountsRepo.userByIdForUpdate(trx, userId);
      if (!u || u.role === role) return;
      authChanged();
      await accountsRepo.updateUser(trx, userId, { role, updated_at: now() });
      await audit.record(trx, ctx, {
        action: 'user.role_changed',
        entityType: 'user',
        entityId: userId,
        organizationId: u.organization_id,
        before: { role: u.role },
        after: { role },
      });
    },

    /** Creates an API token for the signed-in user; the secret is returned once and stored hashed. */
    async createApiToken(ctx: Ctx, input: { name: string }) {
      authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
      const actor = ctx.actor;
      const token = newSecret('imr_');
      const id = ids.next('tok');
      const at = now();
      await db.transaction(async (trx) => {
        await accountsRepo.insertApiToken(trx, {
          id,
          user_id: actor.userId,
          name: input.name.trim(),
          token_hash: sha256Hex(token),
          created_at: at,
        });
        await audit.record(trx, ctx, {
          action: 'token.created',
          entityType: 'api_token',
          entityId: id,
          organizationId: actor.organizationId,
          after: { name: input.name },
        });
      });
      return { id, name: input.name.trim(), token, createdAt: at };
    },

    /** The signed-in user's tokens, without secrets. */
    async listApiTokens(ctx: Ctx) {
      authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
      const rows = await accountsRepo.listApiTokens(db.kysely, ctx.actor.userId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }));
    },

    /** Revokes one of one's own tokens (admins: anyone's); it stops working at once. */
    async revokeApiToken(ctx: Ctx, id: string): Promise<void> {
      authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
      const actor = ctx.actor;
      await db.transaction(async (trx) => {
        authChanged();
        const t = await accountsRepo.apiToken(trx, id);
        const mayRevoke = t && (t.user_id === actor.userId || accountsPolicy.manageUsers(actor));
        if (!t || !mayRevoke) throw new AppError('NOT_FOUND', `Token ${id} not found.`);
        await accountsRepo.revokeApiToken(trx, id, now());
        await audit.record(trx, ctx, {
          action: 'token.revoked',
          entityType: 'api_token',
          entityId: id,
          before: { name: t.name },
        });
      });
    },

    /** Revokes every API token of the signed-in user at once (after a suspected leak); returns how many. */
    async revokeAllApiTokens(ctx: Ctx): Promise<{ revoked: number }> {
      authorize(ctx.actor, accountsPolicy.ownTokens, 'Sign in first.');
      const actor = ctx.actor;
      return db.transaction(async (trx) => {
        authChanged();
        const revoked = await accountsRepo.revokeUserApiTokens(trx, actor.userId, now());
        await audit.record(trx, ctx, {
          action: 'token.revoked_all',
          entityType: 'user',
          entityId: actor.userId,
          organizationId: actor.organizationId,
          after: { revoked },
        });
        return { revoked };
      });
    },

    /** Deletes login attempts older than the throttling window (a maintenance job). */
    async pruneLoginAttempts(): Promise<number> {
      return accountsRepo.pruneLoginAttempts(db.kysely, new Date(now().getTime() - loginThrottleHorizonMs));
    },
  };
}
