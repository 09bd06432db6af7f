import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeUserWithToken, signIn, type TestUser } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';

let t: TestEnv;
type Staff = TestUser & { auth: Auth & { token: string } };
let admin: Staff;
let am: Staff;
let amOther: Staff;
let irm: Staff;
let consultant: Staff;

beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
  am = await makeUserWithToken(t, { role: 'account_manager', name: 'Tom Account' });
  amOther = await makeUserWithToken(t, { role: 'account_manager' });
  irm = await makeUserWithToken(t, { role: 'ir_manager', name: 'Maria Incident' });
  consultant = await makeUserWithToken(t, { role: 'consultant' });
});
afterAll(async () => t.close());

/**
 * Everything a refused request must leave as it was: the customers' tables, users and organisations
 * row by row, and how many audit events and outbox messages exist.
 */
async function state(): Promise<string> {
  const k = t.db.kysely;
  const [customers, team, sites, contacts, users, orgs, audit, outbox] = await Promise.all([
    k.selectFrom('customers').selectAll().orderBy('id').execute(),
    k.selectFrom('customer_account_team').selectAll().orderBy('customer_id').orderBy('user_id').execute(),
    k.selectFrom('sites').selectAll().orderBy('id').execute(),
    k.selectFrom('contacts').selectAll().orderBy('id').execute(),
    k
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'status', 'contact_id', 'organization_id', 'password_hash'])
      .orderBy('id')
      .execute(),
    k.selectFrom('organizations').selectAll().orderBy('id').execute(),
    k
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
    k
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({
    customers,
    team,
    sites,
    contacts,
    users,
    orgs,
    audit: Number(audit.n),
    outbox: Number(outbox.n),
  });
}

/** Runs a refused request and proves that nothing changed. */
async function refused(
  auth: Auth,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body: unknown,
  status: number,
  code?: string,
  headers: Record<string, string> = {},
) {
  const before = await state();
  const r = await call(t.app, auth, method, url, body, headers);
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(status);
  expect(r.headers['content-type']).toContain('application/problem+json');
  if (code) expect(r.json().code).toBe(code);
  expect(await state()).toBe(before);
  return r.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

let seq = 0;
const uniqueName = (base: string) => `${base} ${++seq}`;

async function createCustomer(auth: Auth, body: Record<string, unknown> = {}) {
  const r = await call(t.app, auth, 'POST', '/api/v1/customers', {
    name: uniqueName('Acme'),
    timeZone: 'America/Chicago',
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as {
    id: string;
    organizationId: string;
    name: string;
    revision: number;
    accountTeam: string[];
    timeZone: string;
  };
}

async function addContact(auth: Auth, customerId: string, body: Record<string, unknown> = {}) {
  const r = await call(t.app, auth, 'POST', `/api/v1/customers/${customerId}/contacts`, {
    name: 'Pat Contact',
    email: `pat${++seq}@customer.test`,
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; email: string; name: string; user: null | { id: string; role: string } };
}

async function addSite(auth: Auth, customerId: string, body: Record<string, unknown> = {}) {
  const r = await call(t.app, auth, 'POST', `/api/v1/customers/${customerId}/sites`, {
    name: 'HQ',
    address: '1 Main St',
    latitude: 41.88,
    longitude: -87.63,
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; timeZone: string };
}

describe('customers', () => {
  it('an admin creates a customer with its organisation, account team and an audit event', async () => {
    const name = uniqueName('Northwind Freight');
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/customers', {
      name,
      timeZone: 'America/Chicago',
      accountTeam: [am.id, irm.id],
    });
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c).toMatchObject({ name, timeZone: 'America/Chicago', status: 'active', revision: 1 });
    expect(c.id).toMatch(/^cus_/);
    expect(c.organizationId).toMatch(/^org_/);
    expect(new Set(c.accountTeam)).toEqual(new Set([am.id, irm.id]));
    expect(c.accountTeamMembers.map((m: { name: string }) => m.name).sort()).toEqual(['Maria Incident', 'Tom Account']);
    expect(r.headers['etag']).toBe('"1"');
    const org = await t.db.kysely
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', c.organizationId)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ kind: 'customer', name });
    const ev = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ action: 'customer.created', actor_id: admin.id, organization_id: c.organizationId });
    expect(ev.after).toMatchObject({ name, timeZone: 'America/Chicago', organizationId: c.organizationId });
    const got = await call(t.app, admin.auth, 'GET', `/api/v1/customers/${c.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(c);
  });

  it('stores a time zone typed in the wrong case in its canonical spelling', async () => {
    const c = await createCustomer(admin.auth, { timeZone: 'europe/berlin' });
    expect(c.timeZone).toBe('Europe/Berlin');
    const site = await addSite(admin.auth, c.id, { timeZone: 'america/new_york' });
    expect(site.timeZone).toBe('America/New_York');
  });

  it('an account manager creates a customer and joins its account team', async () => {
    const c = await createCustomer(am.auth, { accountTeam: [irm.id] });
    expect(new Set(c.accountTeam)).toEqual(new Set([am.id, irm.id]));
    const patch = await call(t.app, am.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ status: 'inactive', revision: 2 });
  });

  it('refuses a bad time zone (400 naming the field), a blank name and a duplicate name in any case (409), changing nothing', async () => {
    const badZone = await refused(
      admin.auth,
      'POST',
      '/api/v1/customers',
      { name: uniqueName('Zone'), timeZone: 'Mars/Olympus_Mons' },
      400,
      'VALIDATION_FAILED',
    );
    expect(badZone.errors).toEqual([
      expect.objectContaining({ path: 'body.timeZone', message: expect.stringContaining('IANA') }),
    ]);
    const blank = await refused(
      admin.auth,
      'POST',
      '/api/v1/customers',
      { name: '   ', timeZone: 'UTC' },
      400,
      'VALIDATION_FAILED',
    );
    expect(blank.errors?.[0]?.path).toBe('body.name');
    const c = await createCustomer(admin.auth);
    const dup = await refused(
      admin.auth,
      'POST',
      '/api/v1/customers',
      { name: `  ${c.name.toUpperCase()} `, timeZone: 'UTC' },
      409,
      'NAME_TAKEN',
    );
    expect(dup.detail).toContain('already exists');
    const other = await createCustomer(admin.auth);
    await refused(
      admin.auth,
      'PATCH',
      `/api/v1/customers/${other.id}`,
      { name: c.name.toLowerCase() },
      409,
      'NAME_TAKEN',
    );
  });

  it('refuses account team members that are not active account or IR managers of the firm, naming each bad id', async () => {
    const disabledAm = await makeUser(t, { role: 'account_manager', status: 'disabled' });
    const body = {
      name: uniqueName('Team'),
      timeZone: 'UTC',
      accountTeam: [am.id, consultant.id, 'usr_nobody', disabledAm.id],
    };
    const p = await refused(admin.auth, 'POST', '/api/v1/customers', body, 400, 'VALIDATION_FAILED');
    expect(p.errors?.map((e) => e.path)).toEqual(['accountTeam.1', 'accountTeam.2', 'accountTeam.3']);
    expect(p.detail).toContain(consultant.id);
    expect(p.detail).toContain('usr_nobody');
    expect(p.detail).toContain(disabledAm.id);
    const c = await createCustomer(admin.auth, { accountTeam: [am.id] });
    const customerUser = await makeUser(t, { role: 'customer_approver', organizationId: c.organizationId });
    const q = await refused(
      admin.auth,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { accountTeam: [customerUser.id] },
      400,
      'VALIDATION_FAILED',
    );
    expect(q.errors?.[0]?.message).toContain(customerUser.id);
  });

  it('lists customers by name with cursor pages, filters by status, text and team member', async () => {
    const prefix = `Zeta ${Date.now()}`;
    const made = [];
    for (const n of ['c', 'A', 'b', 'D'])
      made.push(await createCustomer(admin.auth, { name: `${prefix} ${n}`, accountTeam: n === 'b' ? [irm.id] : [] }));
    await call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${made[3]!.id}`, { status: 'inactive' });
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = new URLSearchParams({ q: prefix, limit: '2', ...(cursor ? { cursor } : {}) }).toString();
      const r = await call(t.app, consultant.auth, 'GET', `/api/v1/customers?${qs}`);
      expect(r.statusCode).toBe(200);
      names.push(...r.json().items.map((c: { name: string }) => c.name));
      cursor = r.json().nextCursor;
      pages++;
    } while (cursor);
    expect(names).toEqual(['A', 'b', 'c', 'D'].map((n) => `${prefix} ${n}`));
    expect(pages).toBe(2);
    const active = (
      await call(t.app, admin.auth, 'GET', `/api/v1/customers?q=${encodeURIComponent(prefix)}&status=active`)
    ).json();
    expect(active.items).toHaveLength(3);
    const mine = (
      await call(
        t.app,
        irm.auth,
        'GET',
        `/api/v1/customers?q=${encodeURIComponent(prefix)}&accountTeamMember=${irm.id}`,
      )
    ).json();
    expect(mine.items.map((c: { name: string }) => c.name)).toEqual([`${prefix} b`]);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/customers?cursor=bm9wZQ')).statusCode).toBe(400);
  });

  it('edits with optimistic concurrency: If-Match or revision, a stale one is 409 STALE_REVISION; renaming renames the organisation', async () => {
    const c = await createCustomer(admin.auth, { accountTeam: [am.id] });
    const newName = uniqueName('Renamed');
    const r = await call(
      t.app,
      am.auth,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { name: newName, timeZone: 'Europe/Berlin' },
      { 'if-match': '"1"' },
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ name: newName, timeZone: 'Europe/Berlin', revision: 2 });
    expect(r.headers['etag']).toBe('"2"');
    const org = await t.db.kysely
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', c.organizationId)
      .executeTakeFirstOrThrow();
    expect(org.name).toBe(newName);
    const ev = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', c.id)
      .where('action', '=', 'customer.updated')
      .executeTakeFirstOrThrow();
    expect(ev.before).toEqual({ name: c.name, timeZone: 'America/Chicago' });
    expect(ev.after).toEqual({ name: newName, timeZone: 'Europe/Berlin' });
    const stale = await refused(
      am.auth,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { status: 'inactive' },
      409,
      'STALE_REVISION',
      { 'if-match': '"1"' },
    );
    expect(stale.detail).toContain('Reload');
    await refused(
      am.auth,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { status: 'inactive', revision: 1 },
      409,
      'STALE_REVISION',
    );
    await refused(am.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' }, 400, 'VALIDATION_FAILED', {
      'if-match': 'yesterday',
    });
    await refused(
      am.auth,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { status: 'inactive', revision: 2 },
      400,
      'VALIDATION_FAILED',
      { 'if-match': '"3"' },
    );
    await refused(
      am.auth,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { timeZone: 'Europe/Atlantis' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(am.auth, 'PATCH', `/api/v1/customers/${c.id}`, { revision: 2 }, 400, 'VALIDATION_FAILED');
    const ok = await call(t.app, am.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive', revision: 2 });
    expect(ok.json()).toMatchObject({ status: 'inactive', revision: 3 });
    const same = await call(t.app, am.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' });
    expect(same.json().revision).toBe(3);
  });

  it('replaces the account team; an account manager not on the team gets 403 and changes nothing; IR managers and consultants read only', async () => {
    const c = await createCustomer(admin.auth, { accountTeam: [am.id] });
    await refused(amOther.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' }, 403, 'FORBIDDEN');
    await refused(amOther.auth, 'POST', `/api/v1/customers/${c.id}/sites`, { name: 'X' }, 403, 'FORBIDDEN');
    await refused(
      amOther.auth,
      'POST',
      `/api/v1/customers/${c.id}/contacts`,
      { name: 'X', email: 'x@example.test' },
      403,
      'FORBIDDEN',
    );
    await refused(irm.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' }, 403, 'FORBIDDEN');
    await refused(consultant.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' }, 403, 'FORBIDDEN');
    await refused(
      irm.auth,
      'POST',
      '/api/v1/customers',
      { name: uniqueName('IRM'), timeZone: 'UTC' },
      403,
      'FORBIDDEN',
    );
    await refused(
      consultant.auth,
      'POST',
      '/api/v1/customers',
      { name: uniqueName('Cons'), timeZone: 'UTC' },
      403,
      'FORBIDDEN',
    );
    for (const reader of [irm, consultant, amOther]) {
      expect((await call(t.app, reader.auth, 'GET', `/api/v1/customers/${c.id}`)).statusCode).toBe(200);
      expect((await call(t.app, reader.auth, 'GET', `/api/v1/customers/${c.id}/contacts`)).statusCode).toBe(200);
      expect((await call(t.app, reader.auth, 'GET', `/api/v1/customers/${c.id}/sites`)).statusCode).toBe(200);
    }
    const r = await call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${c.id}`, {
      accountTeam: [amOther.id, irm.id],
    });
    expect(new Set(r.json().accountTeam)).toEqual(new Set([amOther.id, irm.id]));
    expect(
      (await call(t.app, amOther.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'inactive' })).statusCode,
    ).toBe(200);
    await refused(am.auth, 'PATCH', `/api/v1/customers/${c.id}`, { status: 'active' }, 403, 'FORBIDDEN');
  });

  it('answers 401 without credentials', async () => {
    const c = await createCustomer(admin.auth);
    await refused(null, 'GET', '/api/v1/customers', undefined, 401, 'UNAUTHENTICATED');
    await refused(null, 'GET', `/api/v1/customers/${c.id}/contacts`, undefined, 401, 'UNAUTHENTICATED');
    await refused(null, 'POST', '/api/v1/customers', { name: 'X', timeZone: 'UTC' }, 401, 'UNAUTHENTICATED');
  });
});

describe('sites', () => {
  it("adds, reads, lists and edits sites; the time zone defaults to the customer's", async () => {
    const c = await createCustomer(am.auth, { timeZone: 'America/Chicago' });
    const hq = await addSite(am.auth, c.id, { name: 'Chicago HQ' });
    expect(hq).toMatchObject({
      name: 'Chicago HQ',
      timeZone: 'America/Chicago',
      latitude: 41.88,
      longitude: -87.63,
      customerId: c.id,
    });
    const dublin = await addSite(am.auth, c.id, {
      name: 'Dublin office',
      latitude: 53.35,
      longitude: -6.26,
      timeZone: 'Europe/Dublin',
    });
    expect(dublin.timeZone).toBe('Europe/Dublin');
    const bare = await call(t.app, am.auth, 'POST', `/api/v1/customers/${c.id}/sites`, { name: 'Remote only' });
    expect(bare.json()).toMatchObject({ address: '', latitude: null, longitude: null });
    const list = (await call(t.app, consultant.auth, 'GET', `/api/v1/customers/${c.id}/sites?limit=2`)).json();
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(['Chicago HQ', 'Dublin office']);
    const rest = (
      await call(t.app, consultant.auth, 'GET', `/api/v1/customers/${c.id}/sites?cursor=${list.nextCursor}`)
    ).json();
    expect(rest.items.map((s: { name: string }) => s.name)).toEqual(['Remote only']);
    expect(rest.nextCursor).toBeNull();
    const patched = await call(t.app, am.auth, 'PATCH', `/api/v1/customers/${c.id}/sites/${hq.id}`, {
      address: '233 S Wacker Dr',
      latitude: null,
      longitude: null,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ address: '233 S Wacker Dr', latitude: null, longitude: null });
    const ev = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', hq.id)
      .where('action', '=', 'site.updated')
      .executeTakeFirstOrThrow();
    expect(ev.before).toEqual({ address: '1 Main St', latitude: 41.88, longitude: -87.63 });
    expect((await call(t.app, irm.auth, 'GET', `/api/v1/customers/${c.id}/sites/${hq.id}`)).json().address).toBe(
      '233 S Wacker Dr',
    );
  });

  it('refuses coordinates out of range or alone and a bad time zone (400), changing nothing', async () => {
    const c = await createCustomer(admin.auth);
    const url = `/api/v1/customers/${c.id}/sites`;
    const lat = await refused(
      admin.auth,
      'POST',
      url,
      { name: 'S', latitude: 91, longitude: 0 },
      400,
      'VALIDATION_FAILED',
    );
    expect(lat.errors?.map((e) => e.path)).toEqual(['body.latitude']);
    const lon = await refused(
      admin.auth,
      'POST',
      url,
      { name: 'S', latitude: 0, longitude: -180.01 },
      400,
      'VALIDATION_FAILED',
    );
    expect(lon.errors?.map((e) => e.path)).toEqual(['body.longitude']);
    const alone = await refused(admin.auth, 'POST', url, { name: 'S', latitude: 10 }, 400, 'VALIDATION_FAILED');
    expect(alone.errors?.[0]?.path).toBe('longitude');
    const zone = await refused(admin.auth, 'POST', url, { name: 'S', timeZone: 'Chicago' }, 400, 'VALIDATION_FAILED');
    expect(zone.errors?.[0]?.path).toBe('body.timeZone');
    await refused(admin.auth, 'POST', url, { name: 'S', latitude: 'north', longitude: 3 }, 400, 'VALIDATION_FAILED');
    const site = await addSite(admin.auth, c.id);
    await refused(admin.auth, 'PATCH', `${url}/${site.id}`, { latitude: null }, 400, 'VALIDATION_FAILED');
    await refused(admin.auth, 'PATCH', `${url}/${site.id}`, { longitude: 200 }, 400, 'VALIDATION_FAILED');
    await refused(admin.auth, 'PATCH', `${url}/${site.id}`, {}, 400, 'VALIDATION_FAILED');
    await refused(admin.auth, 'PATCH', `${url}/${site.id}`, { timeZone: 'Nowhere/Town' }, 400, 'VALIDATION_FAILED');
  });
});

describe('contacts', () => {
  it('adds contacts with phones and flags, lists them in escalation order and filters by flag', async () => {
    const c = await createCustomer(am.auth);
    const ciso = await addContact(am.auth, c.id, {
      name: 'Dana Whitfield',
      email: 'Dana.Whitfield@Northwind.test',
      canApprove: true,
      escalationOrder: 2,
      phones: [
        { label: 'mobile', number: '+1 312 555 0100' },
        { label: 'office', number: '(312) 555-0101 x12' },
      ],
    });
    expect(ciso).toMatchObject({
      canApprove: true,
      canRequest: false,
      portalRole: 'customer_approver',
      user: null,
      escalationOrder: 2,
    });
    await addContact(am.auth, c.id, {
      name: 'IT Director',
      canRequest: true,
      escalationOrder: 1,
      receivesStatements: true,
    });
    await addContact(am.auth, c.id, { name: 'Finance', receivesStatements: true });
    const list = (await call(t.app, consultant.auth, 'GET', `/api/v1/customers/${c.id}/contacts`)).json();
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['IT Director', 'Dana Whitfield', 'Finance']);
    expect(list.items.map((x: { portalRole: string }) => x.portalRole)).toEqual([
      'customer_requester',
      'customer_approver',
      'customer_viewer',
    ]);
    const page1 = (await call(t.app, consultant.auth, 'GET', `/api/v1/customers/${c.id}/contacts?limit=1`)).json();
    const page2 = (
      await call(t.app, consultant.auth, 'GET', `/api/v1/customers/${c.id}/contacts?limit=5&cursor=${page1.nextCursor}`)
    ).json();
    expect([...page1.items, ...page2.items].map((x: { name: string }) => x.name)).toEqual([
      'IT Director',
      'Dana Whitfield',
      'Finance',
    ]);
    const statements = (
      await call(t.app, admin.auth, 'GET', `/api/v1/customers/${c.id}/contacts?receivesStatements=true`)
    ).json();
    expect(statements.items.map((x: { name: string }) => x.name)).toEqual(['IT Director', 'Finance']);
    const notApprovers = (
      await call(t.app, admin.auth, 'GET', `/api/v1/customers/${c.id}/contacts?canApprove=false`)
    ).json();
    expect(notApprovers.items).toHaveLength(2);
    const got = await call(t.app, irm.auth, 'GET', `/api/v1/customers/${c.id}/contacts/${ciso.id}`);
    expect(got.json().phones).toEqual([
      { label: 'mobile', number: '+1 312 555 0100' },
      { label: 'office', number: '(312) 555-0101 x12' },
    ]);
  });

  it('refuses a duplicate email in any case (409), a bad email or phone (400), changing nothing', async () => {
    const c = await createCustomer(admin.auth);
    const a = await addContact(admin.auth, c.id, { email: 'sam@customer.test' });
    const b = await addContact(admin.auth, c.id, { email: 'alex@customer.test' });
    const url = `/api/v1/customers/${c.id}/contacts`;
    const dup = await refused(
      admin.auth,
      'POST',
      url,
      { name: 'Sam again', email: 'SAM@Customer.test' },
      409,
      'EMAIL_TAKEN',
    );
    expect(dup.detail).toContain('already has a contact');
    await refused(admin.auth, 'PATCH', `${url}/${b.id}`, { email: 'Sam@customer.test' }, 409, 'EMAIL_TAKEN');
    await refused(admin.auth, 'POST', url, { name: 'Bad', email: 'not-an-email' }, 400, 'VALIDATION_FAILED');
    await refused(
      admin.auth,
      'POST',
      url,
      { name: 'Bad', email: 'ok@customer.test', phones: [{ label: 'mobile', number: 'call me' }] },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      admin.auth,
      'POST',
      url,
      { name: 'Bad', email: 'ok@customer.test', escalationOrder: 0 },
      400,
      'VALIDATION_FAILED',
    );
    // Another customer may have a contact with the same email.
    const other = await createCustomer(admin.auth);
    expect(
      (await call(t.app, admin.auth, 'POST', `/api/v1/customers/${other.id}/contacts`, { name: 'Sam', email: a.email }))
        .statusCode,
    ).toBe(201);
  });

  it('an admin invites with a password: the contact signs in at once as customer_approver of its organisation', async () => {
    const c = await createCustomer(admin.auth, { accountTeam: [am.id] });
    const ciso = await addContact(am.auth, c.id, {
      name: 'Dana Whitfield',
      email: `dana${seq}@northwind.test`,
      canApprove: true,
    });
    const password = 'Approve-Ransom-Fast-2026';
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/customers/${c.id}/contacts/${ciso.id}/invite`, {
      password,
    });
    expect(r.statusCode, r.body).toBe(201);
    const { user, contact } = r.json();
    expect(user).toMatchObject({
      email: ciso.email,
      name: 'Dana Whitfield',
      role: 'customer_approver',
      status: 'active',
      organizationId: c.organizationId,
      organizationKind: 'customer',
      contactId: ciso.id,
    });
    expect(contact.user).toMatchObject({ id: user.id, role: 'customer_approver', status: 'active' });
    const session = await signIn(t, ciso.email, password);
    const me = (await call(t.app, session, 'GET', '/api/v1/auth/me')).json();
    expect(me.user).toMatchObject({
      id: user.id,
      role: 'customer_approver',
      organizationId: c.organizationId,
      contactId: ciso.id,
    });
    const events = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', 'in', [ciso.id, user.id])
      .execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.created', 'contact.invited']));
    // A second invitation is a conflict; so is a password from an account manager.
    await refused(admin.auth, 'POST', `/api/v1/customers/${c.id}/contacts/${ciso.id}/invite`, {}, 409, 'CONFLICT');
    const other = await addContact(am.auth, c.id, { canRequest: true });
    await refused(
      am.auth,
      'POST',
      `/api/v1/customers/${c.id}/contacts/${other.id}/invite`,
      { password },
      403,
      'FORBIDDEN',
    );
    await refused(
      admin.auth,
      'POST',
      `/api/v1/customers/${c.id}/contacts/${other.id}/invite`,
      { password: 'short' },
      422,
      'WEAK_PASSWORD',
    );
  });

  it('an account manager invites without a password: a set-password email goes out and the link signs the contact in', async () => {
    const c = await createCustomer(am.auth);
    const req = await addContact(am.auth, c.id, { name: 'Ivy Requester', canRequest: true });
    const r = await call(t.app, am.auth, 'POST', `/api/v1/customers/${c.id}/contacts/${req.id}/invite`);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().user).toMatchObject({ role: 'customer_requester', status: 'invited', contactId: req.id });
    const out = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'user.invited')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(out.payload.to).toEqual([req.email]);
    const token = decodeURIComponent(/set-password\?token=([\w%-]+)/.exec(out.payload.text)![1]!);
    const set = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Ivy-Requests-Help-77',
    });
    expect(set.statusCode).toBe(200);
    const me = (await call(t.app, await signIn(t, req.email, 'Ivy-Requests-Help-77'), 'GET', '/api/v1/auth/me')).json();
    expect(me.user).toMatchObject({ role: 'customer_requester', organizationId: c.organizationId });
    // With an empty JSON body too.
    const viewer = await addContact(am.auth, c.id, { name: 'Vic Viewer' });
    const v = await call(t.app, am.auth, 'POST', `/api/v1/customers/${c.id}/contacts/${viewer.id}/invite`, {});
    expect(v.json().user.role).toBe('customer_viewer');
  });

  it("refuses to invite a contact whose email is already another user's (409 EMAIL_TAKEN), changing nothing", async () => {
    const c = await createCustomer(admin.auth);
    const contact = await addContact(admin.auth, c.id, { email: consultant.email.toUpperCase() });
    const p = await refused(
      admin.auth,
      'POST',
      `/api/v1/customers/${c.id}/contacts/${contact.id}/invite`,
      undefined,
      409,
      'EMAIL_TAKEN',
    );
    expect(p.detail).toContain('already a user');
  });

  it("changing a contact's flags changes its user's role at once; the next request sees it", async () => {
    const c = await createCustomer(admin.auth, { accountTeam: [am.id] });
    const ciso = await addContact(am.auth, c.id, { canApprove: true });
    const password = 'Flags-Follow-Role-2026';
    await call(t.app, admin.auth, 'POST', `/api/v1/customers/${c.id}/contacts/${ciso.id}/invite`, { password });
    const session = await signIn(t, ciso.email, password);
    const roleNow = async () => (await call(t.app, session, 'GET', '/api/v1/auth/me')).json().user.role;
    expect(await roleNow()).toBe('customer_approver');
    const url = `/api/v1/customers/${c.id}/contacts/${ciso.id}`;
    const r = await call(t.app, am.auth, 'PATCH', url, { canApprove: false, canRequest: true });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ portalRole: 'customer_requester', user: { role: 'customer_requester' } });
    expect(await roleNow()).toBe('customer_requester');
    await call(t.app, am.auth, 'PATCH', url, { canRequest: false });
    expect(await roleNow()).toBe('customer_viewer');
    await call(t.app, am.auth, 'PATCH', url, { canApprove: true });
    expect(await roleNow()).toBe('customer_approver');
    const roleEvents = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.role_changed')
      .where('entity_id', '=', r.json().user.id)
      .orderBy('seq')
      .execute();
    expect(roleEvents.map((e) => e.after)).toEqual([
      { role: 'customer_requester' },
      { role: 'customer_viewer' },
      { role: 'customer_approver' },
    ]);
    const contactEvent = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'contact.updated')
      .where('entity_id', '=', ciso.id)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    expect(contactEvent.before).toEqual({ canApprove: true, canRequest: false });
    expect(contactEvent.after).toEqual({ canApprove: false, canRequest: true });
  });

  it("keeps the portal login's email in step with the contact's, and refuses an address that is another user's", async () => {
    const c = await createCustomer(admin.auth);
    const contact = await addContact(admin.auth, c.id, { canRequest: true });
    const password = 'Email-Follows-Contact-1';
    const invited = (
      await call(t.app, admin.auth, 'POST', `/api/v1/customers/${c.id}/contacts/${contact.id}/invite`, { password })
    ).json();
    const newEmail = `moved${seq}@customer.test`;
    const r = await call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${c.id}/contacts/${contact.id}`, {
      email: newEmail,
      name: 'Pat Moved',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ email: newEmail, user: { id: invited.user.id, email: newEmail } });
    const me = (await call(t.app, await signIn(t, newEmail, password), 'GET', '/api/v1/auth/me')).json();
    expect(me.user).toMatchObject({ email: newEmail, name: 'Pat Moved' });
    const notice = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'user.email_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(notice.payload.to).toEqual([contact.email]);
    const p = await refused(
      admin.auth,
      'PATCH',
      `/api/v1/customers/${c.id}/contacts/${contact.id}`,
      { email: irm.email },
      409,
      'EMAIL_TAKEN',
    );
    expect(p.detail).toContain('another user');
  });
});

describe('tenant isolation', () => {
  it("a customer user gets 404 on every route of another tenant's customer, exactly like a missing one, and 403 for writes on its own", async () => {
    const a = await createCustomer(admin.auth);
    const b = await createCustomer(admin.auth);
    const siteA = await addSite(admin.auth, a.id);
    const siteB = await addSite(admin.auth, b.id);
    const contactA = await addContact(admin.auth, a.id, { canApprove: true });
    const contactB = await addContact(admin.auth, b.id, { canApprove: true });
    const userA = await makeUserWithToken(t, { role: 'customer_approver', organizationId: a.organizationId });

    // Own tenant: reads succeed.
    const list = (await call(t.app, userA.auth, 'GET', '/api/v1/customers')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    for (const url of [
      `/api/v1/customers/${a.id}`,
      `/api/v1/customers/${a.id}/sites`,
      `/api/v1/customers/${a.id}/sites/${siteA.id}`,
      `/api/v1/customers/${a.id}/contacts`,
      `/api/v1/customers/${a.id}/contacts/${contactA.id}`,
    ]) {
      expect((await call(t.app, userA.auth, 'GET', url)).statusCode, url).toBe(200);
    }

    // Another tenant: every route answers like a missing object.
    const routes = (cus: string, site: string, contact: string) =>
      [
        ['GET', `/api/v1/customers/${cus}`, undefined],
        ['PATCH', `/api/v1/customers/${cus}`, { status: 'inactive' }],
        ['GET', `/api/v1/customers/${cus}/sites`, undefined],
        ['POST', `/api/v1/customers/${cus}/sites`, { name: 'X' }],
        ['GET', `/api/v1/customers/${cus}/sites/${site}`, undefined],
        ['PATCH', `/api/v1/customers/${cus}/sites/${site}`, { name: 'X' }],
        ['GET', `/api/v1/customers/${cus}/contacts`, undefined],
        ['POST', `/api/v1/customers/${cus}/contacts`, { name: 'X', email: 'x@example.test' }],
        ['GET', `/api/v1/customers/${cus}/contacts/${contact}`, undefined],
        ['PATCH', `/api/v1/customers/${cus}/contacts/${contact}`, { canApprove: false }],
        ['POST', `/api/v1/customers/${cus}/contacts/${contact}/invite`, {}],
      ] as const;
    const missing = routes('cus_missing', 'sit_missing', 'con_missing');
    const other = routes(b.id, siteB.id, contactB.id);
    for (let i = 0; i < other.length; i++) {
      const [method, url, body] = other[i]!;
      const p = await refused(userA.auth, method, url, body, 404, 'NOT_FOUND');
      const m = await refused(userA.auth, missing[i]![0], missing[i]![1], missing[i]![2], 404, 'NOT_FOUND');
      expect(p.detail.replace(b.id, 'X'), url).toBe(m.detail.replace('cus_missing', 'X'));
    }

    // Own tenant: writes are 403.
    const writes = [
      ['POST', '/api/v1/customers', { name: uniqueName('Mine'), timeZone: 'UTC' }],
      ['PATCH', `/api/v1/customers/${a.id}`, { status: 'inactive' }],
      ['POST', `/api/v1/customers/${a.id}/sites`, { name: 'X' }],
      ['PATCH', `/api/v1/customers/${a.id}/sites/${siteA.id}`, { name: 'X' }],
      ['POST', `/api/v1/customers/${a.id}/contacts`, { name: 'X', email: 'x@example.test' }],
      ['PATCH', `/api/v1/customers/${a.id}/contacts/${contactA.id}`, { canApprove: false }],
      ['POST', `/api/v1/customers/${a.id}/contacts/${contactA.id}/invite`, {}],
    ] as const;
    for (const [method, url, body] of writes) await refused(userA.auth, method, url, body, 403, 'FORBIDDEN');
  });

  it("a site or contact of one customer is 404 under another customer's path, for staff too", async () => {
    const a = await createCustomer(admin.auth);
    const b = await createCustomer(admin.auth);
    const siteB = await addSite(admin.auth, b.id);
    const contactB = await addContact(admin.auth, b.id);
    await refused(admin.auth, 'GET', `/api/v1/customers/${a.id}/sites/${siteB.id}`, undefined, 404, 'NOT_FOUND');
    await refused(
      admin.auth,
      'PATCH',
      `/api/v1/customers/${a.id}/sites/${siteB.id}`,
      { name: 'Moved' },
      404,
      'NOT_FOUND',
    );
    await refused(admin.auth, 'GET', `/api/v1/customers/${a.id}/contacts/${contactB.id}`, undefined, 404, 'NOT_FOUND');
    await refused(
      admin.auth,
      'PATCH',
      `/api/v1/customers/${a.id}/contacts/${contactB.id}`,
      { name: 'Moved' },
      404,
      'NOT_FOUND',
    );
    await refused(admin.auth, 'POST', `/api/v1/customers/${a.id}/contacts/${contactB.id}/invite`, {}, 404, 'NOT_FOUND');
  });
});
