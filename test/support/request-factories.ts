import { normalizeName } from '../../src/shared/names.ts';
import ICAL from 'ical.js';
import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { toActor } from '../../src/core/accounts/accounts.views.ts';
import type { ContractSettingsInput } from '../../src/shared/contracts/contract-settings.ts';
import { ContractSettings } from '../../src/shared/contracts/contract-settings.ts';
import type { CustomerRole } from '../../src/shared/roles.ts';
import { makeUser, tokenFor, type TestUser } from './factories.ts';
import type { TestEnv } from './harness.ts';

let seq = 0;

export interface TestCustomer {
  organizationId: string;
  customerId: string;
  name: string;
  timeZone: string;
}

/** A customer with its organisation (rows inserted directly, so these tests do not wait for the customers feature). */
export async function makeCustomer(t: TestEnv, o: { name?: string; timeZone?: string } = {}): Promise<TestCustomer> {
  const n = ++seq;
  const name = o.name ?? `Request Customer ${n} ${t.core.ids.next('cus').slice(-6)}`;
  const organizationId = t.core.ids.next('org');
  const customerId = t.core.ids.next('cus');
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('organizations')
    .values({ id: organizationId, kind: 'customer', name, created_at: at })
    .execute();
  await t.db.kysely
    .insertInto('customers')
    .values({
      id: customerId,
      organization_id: organizationId,
      name,
      name_key: normalizeName(name),
      time_zone: o.timeZone ?? 'America/Chicago',
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { organizationId, customerId, name, timeZone: o.timeZone ?? 'America/Chicago' };
}

/** A contact of the customer with the given flags. */
export async function makeContact(
  t: TestEnv,
  customerId: string,
  o: { name?: string; canRequest?: boolean; canApprove?: boolean } = {},
): Promise<{ id: string; name: string; email: string }> {
  const id = t.core.ids.next('con');
  const name = o.name ?? `Contact ${++seq}`;
  const email = `contact-${seq}-${id.slice(-6)}@customer.test`;
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      customer_id: customerId,
      name,
      email,
      can_request: o.canRequest ?? false,
      can_approve: o.canApprove ?? false,
      receives_statements: false,
      escalation_order: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, name, email };
}

/** A customer user linked to a new contact whose flags match the role, with a bearer token. */
export async function makeCustomerUser(
  t: TestEnv,
  c: TestCustomer,
  role: CustomerRole,
  flags?: { canRequest: boolean; canApprove: boolean },
) {
  const f = flags ?? { canRequest: role !== 'customer_viewer', canApprove: role === 'customer_approver' };
  const contact = await makeContact(t, c.customerId, f);
  const u = await makeUser(t, { role, organizationId: c.organizationId, email: contact.email, name: contact.name });
  await accountsRepo.updateUser(t.db.kysely, u.id, { contact_id: contact.id });
  const actor = toActor((await accountsRepo.userById(t.db.kysely, u.id))!);
  const user: TestUser = { ...u, actor, ctx: { actor, channel: 'api' } };
  return { ...user, contactId: contact.id, auth: await tokenFor(t, user) };
}

/** A retainer contract of the customer, active over 2026–2027 by default. */
export async function makeContract(
  t: TestEnv,
  customerId: string,
  o: {
    status?: 'draft' | 'active' | 'expired' | 'terminated';
    termStart?: string;
    termEnd?: string;
    settings?: ContractSettingsInput;
    number?: string;
  } = {},
): Promise<{ id: string; number: string }> {
  const id = t.core.ids.next('ctr');
  const number = o.number ?? `IMR-T-${++seq}-${id.slice(-6)}`;
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('contracts')
    .values({
      id,
      customer_id: customerId,
      number,
      term_start: o.termStart ?? '2026-01-01',
      term_end: o.termEnd ?? '2027-12-31',
      unit: 'hours',
      units_per_hour: null,
      status: o.status ?? 'active',
      settings: JSON.stringify(ContractSettings.parse(o.settings ?? {})),
      predecessor_id: null,
      status_reason: null,
      status_changed_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, number };
}

/** A customer with an active contract, an approver, a requester and a viewer (each with a token), and an IR manager. */
export async function makeRequestWorld(
  t: TestEnv,
  o: { timeZone?: string; settings?: ContractSettingsInput; name?: string } = {},
) {
  const customer = await makeCustomer(t, {
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    ...(o.name ? { name: o.name } : {}),
  });
  const contract = await makeContract(t, customer.customerId, o.settings ? { settings: o.settings } : {});
  const approver = await makeCustomerUser(t, customer, 'customer_approver');
  const requester = await makeCustomerUser(t, customer, 'customer_requester');
  const viewer = await makeCustomerUser(t, customer, 'customer_viewer');
  const irManager = await makeUser(t, { role: 'ir_manager' });
  return {
    customer,
    contract,
    approver,
    requester,
    viewer,
    irManager: { ...irManager, auth: await tokenFor(t, irManager) },
  };
}

export type Countable =
  | 'service_requests'
  | 'request_sla_targets'
  | 'request_milestones'
  | 'scoping_calls'
  | 'audit_events'
  | 'outbox'
  | 'catalog_items'
  | 'settings';

/** Row counts of the tables a refused call must leave untouched. */
export async function counts(
  t: TestEnv,
  tables: Countable[] = [
    'service_requests',
    'request_sla_targets',
    'request_milestones',
    'scoping_calls',
    'audit_events',
    'outbox',
  ],
) {
  const out: Record<string, number> = {};
  for (const table of tables) {
    out[table] = Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return out;
}

/** The parts of an iCalendar invitation the tests check, read with a real parser (ical.js). */
export function parseInvite(content: string) {
  const cal = new ICAL.Component(ICAL.parse(content));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevent = cal.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  const dtstart = vevent.getFirstProperty('dtstart')!;
  const attendees = vevent
    .getAllProperties('attendee')
    .map((p) => String(p.getFirstValue()).replace(/^MAILTO:/i, 'mailto:'));
  return {
    method: String(cal.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    tzid: (dtstart.getParameter('tzid') as string | undefined) ?? null,
    dtstartRaw: event.startDate.toString(),
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    organizer: String(vevent.getFirstPropertyValue('organizer')).replace(/^MAILTO:/i, 'mailto:'),
    attendees,
    description: event.description,
  };
}

/** Awaits a call that must be refused with `status` and `code`, and proves it left `tables` as they were. */
export async function expectRefused(
  t: TestEnv,
  p: Promise<{ statusCode: number; json(): unknown }>,
  status: number,
  code: string,
  tables?: Countable[],
): Promise<{ code: string; detail: string; details?: Record<string, unknown>; errors?: { path: string }[] }> {
  const before = await counts(t, tables);
  const r = await p;
  const body = r.json() as {
    code: string;
    detail: string;
    details?: Record<string, unknown>;
    errors?: { path: string }[];
  };
  if (r.statusCode !== status || body.code !== code)
    throw new Error(`expected ${status} ${code}, got ${r.statusCode}: ${JSON.stringify(body)}`);
  const after = await counts(t, tables);
  if (JSON.stringify(after) !== JSON.stringify(before))
    throw new Error(`a refused call changed rows: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  return body;
}
