import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type {
  ApiTokensTable,
  OneTimeTokensTable,
  OrganizationsTable,
  SessionsTable,
  UsersTable,
} from './accounts.tables.ts';

export type UserRow = Selectable<UsersTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export type UserWithOrg = UserRow & { organization_kind: OrganizationRow['kind']; organization_name: string };

const userWithOrg = (ex: Executor) =>
  ex
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .selectAll('users')
    .select(['organizations.kind as organization_kind', 'organizations.name as organization_name']);

export const accountsRepo = {
  async providerOrganization(ex: Executor): Promise<OrganizationRow | undefined> {
    return ex.selectFrom('organizations').selectAll().where('kind', '=', 'provider').executeTakeFirst();
  },

  async insertOrganization(ex: Executor, row: Insertable<OrganizationsTable>): Promise<void> {
    await ex.insertInto('organizations').values(row).execute();
  },

  async organization(ex: Executor, id: string): Promise<OrganizationRow | undefined> {
    return ex.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The first active administrator (by id): whom the CLI acts as when it opens the database itself. */
  async firstActiveAdmin(ex: Executor): Promise<UserWithOrg | undefined> {
    return userWithOrg(ex)
      .where('users.role', '=', 'admin')
      .where('users.status', '=', 'active')
      .orderBy('users.id')
      .executeTakeFirst();
  },

  async countAdmins(ex: Executor): Promise<number> {
    const result = await ex
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('status', '!=', 'disabled')
      .executeTakeFirstOrThrow();
    return Number(result.n);
  },

  async insertUser(ex: Executor, row: Insertable<UsersTable>): Promise<void> {
    await ex.insertInto('users').values(row).execute();
  },

  async userById(ex: Executor, id: string): Promise<UserWithOrg | undefined> {
    return userWithOrg(ex).where('users.id', '=', id).executeTakeFirst();
  },

  async userByIdForUpdate(ex: Executor, id: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async userByEmail(ex: Executor, email: string): Promise<UserWithOrg | undefined> {
    return userWithOrg(ex).where('users.email_lower', '=', email.toLowerCase()).executeTakeFirst();
  },

  async emailTaken(ex: Executor, email: string): Promise<boolean> {
    const result = await ex
      .selectFrom('users')
      .select('id')
      .where('email_lower', '=', email.toLowerCase())
      .executeTakeFirst();
    return result !== undefined;
  },

  async listUsers(
    ex: Executor,
    f: { organizationId?: string; role?: string; status?: string; q?: string; afterId?: string; limit: number },
  ): Promise<UserWithOrg[]> {
    let query = userWithOrg(ex).orderBy('users.id').limit(f.limit);
    if (f.organizationId) query = query.where('users.organization_id', '=', f.organizationId);
    if (f.role) query = query.where('users.role', '=', f.role as UserRow['role']);
    if (f.status) query = query.where('users.status', '=', f.status as UserRow['status']);
    if (f.q) {
      const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([eb('users.email_lower', 'like', like), eb(sql`lower(users.name)`, 'like', like)]),
      );
    }
    if (f.afterId) query = query.where('users.id', '>', f.afterId);
    return query.execute();
  },

  async updateUser(ex: Executor, id: string, patch: Updateable<UsersTable>): Promise<void> {
    await ex.updateTable('users').set(patch).where('id', '=', id).execute();
  },

  async insertSession(ex: Executor, row: Insertable<SessionsTable>): Promise<void> {
    await ex.insertInto('sessions').values(row).execute();
  },

  async sessionByTokenHash(ex: Executor, tokenHash: string): Promise<(SessionRow & { user: UserWithOrg }) | undefined> {
    const result = await ex.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!result) return undefined;
    const user = await accountsRepo.userById(ex, result.user_id);
    return user ? { ...result, user } : undefined;
  },

  async touchSession(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  },

  async endSession(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('sessions').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute();
  },

  async endUserSessions(ex: Executor, userId: string, at: Date, exceptSessionId?: string): Promise<number> {
    let query = ex
      .updateTable('sessions')
      .set({ ended_at: at })
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null);
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async insertApiToken(ex: Executor, row: Insertable<ApiTokensTable>): Promise<void> {
    await ex.insertInto('api_tokens').values(row).execute();
  },

  /** One round trip on the hot path of every scripted request: token and owner together. */
  async apiTokenByHash(ex: Executor, tokenHash: string) {
    return ex
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .selectAll('users')
      .select([
        'api_tokens.id as token_id',
        'api_tokens.revoked_at as token_revoked_at',
        'api_tokens.last_used_at as token_last_used_at',
        'organizations.kind as organization_kind',
        'organizations.name as organization_name',
      ])
      .where('api_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  async touchApiToken(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  },

  async listApiTokens(ex: Executor, userId: string): Promise<ApiTokenRow[]> {
    return ex.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
  },

  async apiToken(ex: Executor, id: string): Promise<ApiTokenRow | undefined> {
    return ex.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async revokeApiToken(ex: Executor, id: string, at: Date): Promise<void> {
    await ex
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  },

  async revokeUserApiTokens(ex: Executor, userId: string, at: Date): Promise<number> {
    const result = await ex
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async insertOneTimeToken(ex: Executor, row: Insertable<OneTimeTokensTable>): Promise<void> {
    await ex.insertInto('one_time_tokens').values(row).execute();
  },

  /** Locks the token row so two confirmations of one link cannot both succeed. */
  async oneTimeTokenForUpdate(ex: Executor, tokenHash: string) {
    return ex
      .selectFrom('one_time_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  },

  async useOneTimeToken(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('one_time_tokens').set({ used_at: at }).where('id', '=', id).execute();
  },

  /** Voids every unused link of the user (set and reset alike): only the newest one works. */
  async voidOneTimeTokens(ex: Executor, userId: string, at: Date): Promise<void> {
    await ex
      .updateTable('one_time_tokens')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  },

  async recordLoginAttempt(
    ex: Executor,
    row: { email_lower: string; ip: string; succeeded: boolean; at: Date },
  ): Promise<void> {
    await ex.insertInto('login_attempts').values(row).execute();
  },

  /**
   * Per throttling scope, the failure that brought the count to its limit inside its window (the
   * max-th most recent), or null while under the limit.
   */
  async loginLimitsReached(
    ex: Executor,
    k: { emailLower: string; ip: string; now: Date },
    limits: Record<'pair' | 'account' | 'ip', { max: number; windowMs: number }>,
  ): Promise<Record<'pair' | 'account' | 'ip', Date | null>> {
    const since = (scope: keyof typeof limits) => new Date(k.now.getTime() - limits[scope].windowMs);
    const result = await sql<{ pair: Date | null; account: Date | null; ip: Date | null }>`
      SELECT
        (SELECT at FROM login_attempts WHERE NOT succeeded AND email_lower = ${k.emailLower} AND ip = ${k.ip} AND at > ${since('pair')}
          ORDER BY at DESC OFFSET ${limits.pair.max - 1} LIMIT 1) AS pair,
        (SELECT at FROM login_attempts WHERE NOT succeeded AND email_lower = ${k.emailLower} AND at > ${since('account')}
          ORDER BY at DESC OFFSET ${limits.account.max - 1} LIMIT 1) AS account,
        (SELECT at FROM login_attempts WHERE NOT succeeded AND ip = ${k.ip} AND at > ${since('ip')}
          ORDER BY at DESC OFFSET ${limits.ip.max - 1} LIMIT 1) AS ip`.execute(ex);
    return result.rows[0]!;
  },

  async pruneLoginAttempts(ex: Executor, before: Date): Promise<number> {
    const result = await ex.deleteFrom('login_attempts').where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
