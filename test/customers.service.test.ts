import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomersDemo, type CustomersDemo } from '../src/demo/customers.ts';
import { DEMO_PASSWORD } from '../src/demo/staff.ts';
import { isAppError } from '../src/shared/errors.ts';
import { makeContactViaService, makeCustomerViaService, makeUser, signIn, type TestUser } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: TestUser;
let tom: TestUser;
let maria: TestUser;
let demo: CustomersDemo;

beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUser(t, { role: 'admin' });
  tom = await makeUser(t, { role: 'account_manager', email: 'tom.becker@irfirm.example', name: 'Tom Becker' });
  maria = await makeUser(t, { role: 'ir_manager', email: 'maria.keller@irfirm.example', name: 'Maria Keller' });
  await makeUser(t, { role: 'ir_manager', email: 'james.okafor@irfirm.example', name: 'James Okafor' });
  demo = await loadCustomersDemo(t.core);
});
afterAll(async () => t.close());

const codeOf = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'rejected' && isAppError(r.reason) ? r.reason.code : r.status;

describe('demo customers', () => {
  it('creates four customers in four time zones with sites, contacts and account teams', async () => {
    const s = t.core.services.customers;
    expect(Object.keys(demo)).toEqual(['northwind', 'contoso', 'fabrikam', 'litware']);
    expect(new Set(Object.values(demo).map((c) => c.timeZone)).size).toBe(4);
    const nw = await s.getCustomer(admin.ctx, demo.northwind.customerId);
    expect(nw).toMatchObject({
      name: 'Northwind Freight',
      timeZone: 'America/Chicago',
      organizationId: demo.northwind.organizationId,
    });
    expect(new Set(nw.accountTeam)).toEqual(new Set([tom.id, maria.id]));
    const sites = await s.listSites(admin.ctx, nw.id);
    expect(sites.items.map((x) => x.name)).toEqual(['Chicago HQ', 'Joliet distribution warehouse']);
    expect(sites.items.every((x) => x.latitude !== null && x.timeZone === 'America/Chicago')).toBe(true);
    expect(sites.items[0]!.id).toBe(demo.northwind.sites.hq);
    const contacts = await s.listContacts(admin.ctx, nw.id);
    expect(contacts.items.map((c) => [c.name, c.portalRole, c.user?.role ?? null])).toEqual([
      ['Dana Whitfield', 'customer_approver', 'customer_approver'],
      ['Marcus Reyes', 'customer_requester', 'customer_requester'],
      ['Helen Park', 'customer_viewer', null],
    ]);
    for (const c of Object.values(demo)) {
      expect((await s.listContacts(admin.ctx, c.customerId)).items.some((x) => x.canApprove)).toBe(true);
      expect((await s.listSites(admin.ctx, c.customerId)).items.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives the approvers and requesters portal logins with the demo password', async () => {
    const dana = demo.northwind.contacts.ciso;
    const session = await signIn(t, dana.email, DEMO_PASSWORD);
    const me = (await call(t.app, session, 'GET', '/api/v1/auth/me')).json();
    expect(me.user).toMatchObject({
      id: dana.userId,
      role: 'customer_approver',
      organizationId: demo.northwind.organizationId,
      contactId: dana.contactId,
    });
    const jonas = demo.contoso.contacts.requester;
    const own = (await call(t.app, await signIn(t, jonas.email, DEMO_PASSWORD), 'GET', '/api/v1/customers')).json();
    expect(own.items.map((c: { name: string }) => c.name)).toEqual(['Contoso Health']);
  });
});

describe('helpers for other features', () => {
  it('approvingContacts and statementContacts follow the flags, in escalation order, on the caller’s transaction', async () => {
    const s = t.core.services.customers;
    const c = await makeCustomerViaService(t);
    await makeContactViaService(t, c.id, { name: 'Second', canApprove: true, escalationOrder: 2 });
    await makeContactViaService(t, c.id, {
      name: 'First',
      canApprove: true,
      receivesStatements: true,
      escalationOrder: 1,
    });
    await makeContactViaService(t, c.id, { name: 'Books', receivesStatements: true });
    await makeContactViaService(t, c.id, { name: 'Asker', canRequest: true });
    const [approvers, statements] = await t.db.transaction(async (trx) => [
      await s.approvingContacts(trx, c.id),
      await s.statementContacts(trx, c.id),
    ]);
    expect(approvers.map((x) => x.name)).toEqual(['First', 'Second']);
    expect(statements.map((x) => x.name)).toEqual(['First', 'Books']);
  });

  it('accountTeam lists active members with their emails; customerForOrganization and contactForUser find the tenant and the authority', async () => {
    const s = t.core.services.customers;
    const nw = demo.northwind;
    const team = await s.accountTeam(t.db.kysely, nw.customerId);
    expect(team.map((m) => m.email).sort()).toEqual(['maria.keller@irfirm.example', 'tom.becker@irfirm.example']);
    expect((await s.customerForOrganization(t.db.kysely, nw.organizationId))?.id).toBe(nw.customerId);
    expect(await s.customerForOrganization(t.db.kysely, admin.organizationId)).toBeUndefined();
    const contact = await s.contactForUser(t.db.kysely, nw.contacts.ciso.userId!);
    expect(contact).toMatchObject({ id: nw.contacts.ciso.contactId, canApprove: true, customerId: nw.customerId });
    expect(await s.contactForUser(t.db.kysely, admin.id)).toBeUndefined();

    const extra = await makeUser(t, { role: 'account_manager' });
    const c = await makeCustomerViaService(t, { accountTeam: [extra.id, maria.id] });
    await t.core.services.accounts.updateUser(admin.ctx, extra.id, { status: 'disabled' });
    expect((await s.accountTeam(t.db.kysely, c.id)).map((m) => m.id)).toEqual([maria.id]);
  });

  it('manages and visibleCustomerRecord answer the questions contracts and requests ask', async () => {
    const s = t.core.services.customers;
    const nw = demo.northwind;
    const outsider = await makeUser(t, { role: 'account_manager' });
    expect(await s.manages(t.db.kysely, admin.actor, nw.customerId)).toBe(true);
    expect(await s.manages(t.db.kysely, tom.actor, nw.customerId)).toBe(true);
    expect(await s.manages(t.db.kysely, outsider.actor, nw.customerId)).toBe(false);
    expect(await s.manages(t.db.kysely, maria.actor, nw.customerId)).toBe(false);
    const contosoUser = await makeUser(t, { role: 'customer_viewer', organizationId: demo.contoso.organizationId });
    await expect(s.visibleCustomerRecord(t.db.kysely, contosoUser.actor, nw.customerId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await s.visibleCustomerRecord(t.db.kysely, contosoUser.actor, demo.contoso.customerId)).name).toBe(
      'Contoso Health',
    );
  });
});

describe('races', () => {
  it('two concurrent creations of one name: exactly one customer, the other NAME_TAKEN', async () => {
    const s = t.core.services.customers;
    const name = `Race ${t.core.ids.next('cus')}`;
    const results = await Promise.allSettled([
      s.createCustomer(admin.ctx, { name, timeZone: 'UTC' }),
      s.createCustomer(tom.ctx, { name: name.toUpperCase(), timeZone: 'UTC' }),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['NAME_TAKEN', 'fulfilled']);
    const rows = await t.db.kysely
      .selectFrom('customers')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('two concurrent invitations of one contact: one login, the other CONFLICT', async () => {
    const s = t.core.services.customers;
    const c = await makeCustomerViaService(t, { accountTeam: [tom.id] });
    const contact = await makeContactViaService(t, c.id, { canApprove: true });
    const results = await Promise.allSettled([
      s.inviteContact(admin.ctx, c.id, contact.id),
      s.inviteContact(tom.ctx, c.id, contact.id),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', 'fulfilled']);
    const users = await t.db.kysely.selectFrom('users').select('id').where('contact_id', '=', contact.id).execute();
    expect(users).toHaveLength(1);
  });

  it('two concurrent contacts with one email: one contact, the other EMAIL_TAKEN', async () => {
    const s = t.core.services.customers;
    const c = await makeCustomerViaService(t);
    const results = await Promise.allSettled([
      s.addContact(admin.ctx, c.id, { name: 'One', email: 'same@race.test' }),
      s.addContact(admin.ctx, c.id, { name: 'Two', email: 'Same@Race.test' }),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['EMAIL_TAKEN', 'fulfilled']);
  });
});
