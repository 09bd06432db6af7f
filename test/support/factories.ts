import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { toActor } from '../../src/core/accounts/accounts.views.ts';
import { hashPassword } from '../../src/core/accounts/secrets.ts';
import { systemCtx, type Ctx, type UserActor } from '../../src/core/context.ts';
import type { Role } from '../../src/shared/roles.ts';
import { isCustomerRole } from '../../src/shared/roles.ts';
import { call, type Auth, type TestEnv } from './harness.ts';

export const TEST_PASSWORD = 'Test-Password-2026!';
let passwordHash: Promise<string> | undefined;
let seq = 0;

/** The provider organisation (created once per database). */
export async function makeProvider(t: TestEnv): Promise<string> {
  const existing = await accountsRepo.providerOrganization(t.db.kysely);
  if (existing) return existing.id;
  const id = t.core.ids.next('org');
  await accountsRepo.insertOrganization(t.db.kysely, {
    id,
    kind: 'provider',
    name: 'Test IR Firm',
    created_at: t.clock.now(),
  });
  return id;
}

/** A customer organisation (until customers exist as a feature, tests create tenants directly). */
export async function makeCustomerOrg(t: TestEnv, name = `Customer ${++seq}`): Promise<string> {
  const id = t.core.ids.next('org');
  await accountsRepo.insertOrganization(t.db.kysely, { id, kind: 'customer', name, created_at: t.clock.now() });
  return id;
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
  actor: UserActor;
  ctx: Ctx;
}

/** A user with TEST_PASSWORD; provider staff by default, a customer user when given a customer role. */
export async function makeUser(
  t: TestEnv,
  o: {
    role?: Role;
    organizationId?: string;
    email?: string;
    name?: string;
    status?: 'active' | 'invited' | 'disabled';
  } = {},
): Promise<TestUser> {
  const role = o.role ?? 'admin';
  const organizationId = o.organizationId ?? (isCustomerRole(role) ? await makeCustomerOrg(t) : await makeProvider(t));
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = t.core.ids.next('usr');
  const email = o.email ?? `${role.replace(/_/g, '-')}-${++seq}-${id.slice(-6)}@example.test`;
  await accountsRepo.insertUser(t.db.kysely, {
    id,
    organization_id: organizationId,
    email,
    name: o.name ?? `Test ${role} ${seq}`,
    role,
    status: o.status ?? 'active',
    password_hash: await passwordHash,
    contact_id: null,
    created_at: t.clock.now(),
    updated_at: t.clock.now(),
  });
  const actor = toActor((await accountsRepo.userById(t.db.kysely, id))!);
  return { id, email, role, organizationId, actor, ctx: { actor, channel: 'api' } };
}

/** Signs in through the API and returns the session cookie and CSRF token. */
export async function signIn(
  t: TestEnv,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; csrf: string }> {
  const r = await call(t.app, null, 'POST', '/api/v1/auth/login', { email, password });
  if (r.statusCode !== 200) throw new Error(`sign-in failed: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'imr_session');
  return { cookie: `imr_session=${cookie!.value}`, csrf: r.json().csrfToken };
}

/** A bearer token for the user. */
export async function tokenFor(t: TestEnv, u: TestUser): Promise<{ token: string }> {
  const r = await t.core.services.accounts.createApiToken(u.ctx, { name: 'test' });
  return { token: r.token };
}

/** A user and a bearer token in one go. */
export async function makeUserWithToken(
  t: TestEnv,
  o: Parameters<typeof makeUser>[1] = {},
): Promise<TestUser & { auth: Auth & { token: string } }> {
  const u = await makeUser(t, o);
  return { ...u, auth: await tokenFor(t, u) };
}

/** A customer made through the customers service (its organisation, team and audit included); `as` defaults to the product. */
export async function makeCustomerViaService(
  t: TestEnv,
  o: { name?: string; timeZone?: string; accountTeam?: string[]; status?: 'active' | 'inactive'; as?: Ctx } = {},
): Promise<{ id: string; organizationId: string; name: string; timeZone: string }> {
  const name = o.name ?? `Customer ${++seq} ${t.core.ids.next('cus').slice(-6)}`;
  const timeZone = o.timeZone ?? 'America/Chicago';
  const ctx = o.as ?? systemCtx('test');
  const s = t.core.services.customers;
  const id = await t.db.transaction((trx) =>
    s.createCustomerInTx(trx, ctx, {
      name,
      timeZone,
      ...(o.accountTeam ? { accountTeam: o.accountTeam } : {}),
      ...(o.status ? { status: o.status } : {}),
    }),
  );
  const c = (await s.customerRecord(t.db.kysely, id))!;
  return { id, organizationId: c.organizationId, name, timeZone };
}

/** A contact of a customer made through the customers service; flags default to false. */
export async function makeContactViaService(
  t: TestEnv,
  customerId: string,
  o: {
    name?: string;
    email?: string;
    canApprove?: boolean;
    canRequest?: boolean;
    receivesStatements?: boolean;
    escalationOrder?: number | null;
  } = {},
): Promise<{ id: string; email: string; name: string }> {
  const s = t.core.services.customers;
  const name = o.name ?? `Contact ${++seq}`;
  const email = o.email ?? `contact-${seq}-${t.core.ids.next('con').slice(-6)}@customer.test`;
  const { name: _n, email: _e, ...flags } = o;
  const id = await t.db.transaction((trx) =>
    s.addContactInTx(trx, systemCtx('test'), customerId, { ...flags, name, email }),
  );
  return { id, email, name };
}
