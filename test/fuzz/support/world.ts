import { sql } from 'kysely';
import { loadDemoData } from '../../../src/demo/index.ts';
import { DEMO_PASSWORD } from '../../../src/demo/staff.ts';
import { makeProvider, makeUser, TEST_PASSWORD } from '../../support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from '../../support/harness.ts';
import { type PoolRef, type PoolName } from './refs.ts';

/** A pooled value and the customer it belongs to (null: the provider's or nobody's). */
interface Entry {
  v: string;
  tenant: string | null;
  parent: string | null;
}

export interface Actor {
  userId: string;
  email: string;
  password: string;
  auth: Auth;
  /** admin: bearer token; customer: cookie session. */
  via: 'token' | 'session';
}

/**
 * The fuzz run's world: a test database with the demo data set (customers, contracts, requests, work
 * orders, engagements, effort, expenses, deliverables, portal logins), an admin with a bearer token and
 * a customer approver with a cookie session, and pools of real ids read from the database.
 */
export interface FuzzWorld {
  t: TestEnv;
  admin: Actor;
  customer: Actor & { customerId: string; contactId: string };
  /** Ids the run must not disable, re-role, re-address or re-password before its final phase. */
  protectedIds: Set<string>;
  refreshPools(): Promise<void>;
  poolSize(name: PoolName): number;
  /** A real value for `ref`, or undefined when the pool is empty. Customers draw their own tenant's values first. */
  resolvePool(
    ref: PoolRef,
    o: { role: string; allowProtected: boolean; tenant: string | null },
  ): { v: string; parent: string | null; tenant: string | null } | undefined;
  /** Signs the actor in again (new session or new token) when a request ended its access. */
  reSignIn(actor: Actor): Promise<void>;
  close(): Promise<void>;
}

async function login(t: TestEnv, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const r = await call(t.app, null, 'POST', '/api/v1/auth/login', { email, password });
  if (r.statusCode !== 200) throw new Error(`fuzz actor ${email} cannot sign in: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'imr_session');
  return { cookie: `imr_session=${cookie!.value}`, csrf: r.json().csrfToken };
}

async function signInActor(t: TestEnv, a: Actor): Promise<void> {
  const session = await login(t, a.email, a.password);
  if (a.via === 'session') {
    a.auth = session;
    return;
  }
  const r = await call(t.app, session, 'POST', '/api/v1/tokens', { name: 'fuzz admin' });
  if (r.statusCode !== 201) throw new Error(`fuzz admin cannot create a token: ${r.statusCode} ${r.body}`);
  a.auth = { token: r.json().token };
}

/** Rows that can still change (an active contract, an open engagement) drawn four times as often: that is where the rules are. */
const live = (q: string, where: string) =>
  `${q} UNION ALL ${q} WHERE ${where} UNION ALL ${q} WHERE ${where} UNION ALL ${q} WHERE ${where}`;

const POOL_SQL: Record<Exclude<PoolName, 'attendee' | 'anyId'>, string> = {
  customer: 'SELECT id AS v, id AS tenant, NULL AS parent FROM customers',
  organization:
    'SELECT o.id AS v, c.id AS tenant, NULL AS parent FROM organizations o LEFT JOIN customers c ON c.organization_id = o.id',
  user: 'SELECT u.id AS v, c.id AS tenant, NULL AS parent FROM users u LEFT JOIN customers c ON c.organization_id = u.organization_id',
  accountManager:
    "SELECT id AS v, NULL AS tenant, NULL AS parent FROM users WHERE role IN ('account_manager', 'ir_manager') AND status = 'active'",
  staffUser:
    "SELECT id AS v, NULL AS tenant, NULL AS parent FROM users WHERE role IN ('admin', 'ir_manager', 'consultant', 'account_manager')",
  token:
    'SELECT t.id AS v, c.id AS tenant, NULL AS parent FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN customers c ON c.organization_id = u.organization_id',
  mailbox: 'SELECT id AS v, NULL AS tenant, NULL AS parent FROM mailbox_messages',
  site: 'SELECT id AS v, customer_id AS tenant, customer_id AS parent FROM sites',
  contact: 'SELECT id AS v, customer_id AS tenant, customer_id AS parent FROM contacts',
  contract: live('SELECT id AS v, customer_id AS tenant, NULL AS parent FROM contracts', "status = 'active'"),
  catalogItem: 'SELECT id AS v, NULL AS tenant, NULL AS parent FROM catalog_items',
  proactiveItem:
    "SELECT id AS v, NULL AS tenant, NULL AS parent FROM catalog_items WHERE kind = 'proactive' AND active",
  request: live(
    'SELECT id AS v, customer_id AS tenant, NULL AS parent FROM service_requests',
    "status IN ('received', 'scoping', 'ewo_drafting', 'awaiting_approval', 'approved')",
  ),
  scopingCall:
    'SELECT s.id AS v, r.customer_id AS tenant, s.request_id AS parent FROM scoping_calls s JOIN service_requests r ON r.id = s.request_id',
  engagement: live(
    'SELECT id AS v, customer_id AS tenant, NULL AS parent FROM engagements',
    "status IN ('in_progress', 'on_hold', 'delivering')",
  ),
  expense:
    'SELECT x.id AS v, e.customer_id AS tenant, NULL AS parent FROM expenses x JOIN engagements e ON e.id = x.engagement_id',
  deliverable:
    'SELECT d.id AS v, e.customer_id AS tenant, NULL AS parent FROM deliverables d JOIN engagements e ON e.id = d.engagement_id',
  workOrder: 'SELECT id AS v, customer_id AS tenant, NULL AS parent FROM work_orders',
  changeOrder: 'SELECT id AS v, customer_id AS tenant, NULL AS parent FROM change_orders',
  effort:
    'SELECT x.id AS v, e.customer_id AS tenant, NULL AS parent FROM effort_entries x JOIN engagements e ON e.id = x.engagement_id',
  ledgerEntry:
    'SELECT l.id AS v, c.customer_id AS tenant, l.contract_id AS parent FROM ledger_entries l JOIN contracts c ON c.id = l.contract_id',
  contentHash:
    'SELECT v.content_hash AS v, w.customer_id AS tenant, NULL AS parent FROM work_order_versions v JOIN work_orders w ON w.id = v.work_order_id WHERE v.content_hash IS NOT NULL ' +
    'UNION ALL SELECT content_hash, customer_id, NULL FROM change_orders WHERE content_hash IS NOT NULL',
  approvalToken:
    "SELECT substring(payload->>'text' from '/approve/([A-Za-z0-9_-]+)') AS v, NULL AS tenant, NULL AS parent FROM outbox WHERE payload->>'text' LIKE '%/approve/%'",
  loginEmail:
    'SELECT u.email AS v, c.id AS tenant, NULL AS parent FROM users u LEFT JOIN customers c ON c.organization_id = u.organization_id',
};

/** Builds the world; takes about as long as loading the demo data set. */
export async function createFuzzWorld(): Promise<FuzzWorld> {
  const t = await createTestEnv();
  await makeProvider(t);
  await loadDemoData(t.core);
  const adminUser = await makeUser(t, { role: 'admin', name: 'Fuzz Admin', email: 'fuzz.admin@irfirm.example' });
  const admin: Actor = {
    userId: adminUser.id,
    email: adminUser.email,
    password: TEST_PASSWORD,
    auth: null,
    via: 'token',
  };
  await signInActor(t, admin);
  // On every team, so that the admin's own effort is accepted and the optimistic effort path runs.
  for (const e of await t.db.kysely.selectFrom('engagements').select('id').execute()) {
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/engagements/${e.id}/team`, {
      userId: admin.userId,
      role: 'fuzz lead',
    });
    if (r.statusCode >= 300 && r.statusCode !== 409)
      throw new Error(`cannot add the fuzz admin to ${e.id}: ${r.statusCode} ${r.body}`);
  }
  const approver = await t.db.kysely
    .selectFrom('users')
    .innerJoin('customers', 'customers.organization_id', 'users.organization_id')
    .select(['users.id', 'users.email', 'users.contact_id', 'customers.id as customerId'])
    .where('users.role', '=', 'customer_approver')
    .where('users.status', '=', 'active')
    .orderBy('users.email')
    .executeTakeFirstOrThrow();
  const customer = {
    userId: approver.id,
    email: approver.email,
    password: DEMO_PASSWORD,
    auth: null,
    via: 'session' as const,
    customerId: approver.customerId,
    contactId: approver.contact_id!,
  };
  await signInActor(t, customer);
  const protectedIds = new Set([
    admin.userId,
    admin.email,
    customer.userId,
    customer.email,
    customer.contactId,
    customer.customerId,
  ]);

  let pools = new Map<PoolName, Entry[]>();
  const world: FuzzWorld = {
    t,
    admin,
    customer,
    protectedIds,
    async refreshPools() {
      const next = new Map<PoolName, Entry[]>();
      for (const [name, q] of Object.entries(POOL_SQL)) {
        const rows = (await sql.raw<Entry>(`SELECT * FROM (${q}) p ORDER BY v`).execute(t.db.kysely)).rows;
        next.set(
          name as PoolName,
          rows.filter((r) => r.v),
        );
      }
      next.set('attendee', [...next.get('contact')!, ...next.get('staffUser')!]);
      next.set('anyId', [
        ...next.get('contract')!,
        ...next.get('customer')!,
        ...next.get('engagement')!,
        ...next.get('user')!,
      ]);
      pools = next;
    },
    poolSize: (name) => pools.get(name)?.length ?? 0,
    resolvePool(ref, o) {
      let entries = pools.get(ref.pool) ?? [];
      if (!o.allowProtected) entries = entries.filter((e) => !protectedIds.has(e.v));
      // Mostly the request's tenant (for a customer, its own), sometimes another one's (404 expected).
      if (o.tenant && ref.pick < 0.8) {
        const same = entries.filter((e) => e.tenant === o.tenant);
        if (same.length) entries = same;
      }
      const e = entries[Math.floor(((ref.pick * 997) % 1) * entries.length)];
      return e && { v: e.v, parent: e.parent, tenant: e.tenant };
    },
    reSignIn: (a) => signInActor(t, a),
    close: () => t.close(),
  };
  await world.refreshPools();
  return world;
}
