import { normalizeName } from '../../src/shared/names.ts';
import { systemCtx } from '../../src/core/context.ts';
import type { NewContract } from '../../src/core/contracts/create-contract.ts';
import type { Contract } from '../../src/shared/contracts/contracts.ts';
import { makeUserWithToken } from './factories.ts';
import type { TestEnv } from './harness.ts';

let seq = 0;

export interface TestCustomer {
  customerId: string;
  organizationId: string;
  timeZone: string;
  name: string;
}

/**
 * A customer and its organisation, inserted directly (the customers service is its own feature), with
 * optional account team members and contacts.
 */
export async function makeCustomer(
  t: TestEnv,
  o: { timeZone?: string; name?: string; accountTeam?: string[]; status?: 'active' | 'inactive' } = {},
): Promise<TestCustomer> {
  const n = ++seq;
  const name = o.name ?? `Ledger Customer ${n} ${t.core.ids.next('cus').slice(-6)}`;
  const organizationId = t.core.ids.next('org');
  const customerId = t.core.ids.next('cus');
  const at = t.clock.now();
  const timeZone = o.timeZone ?? 'America/Chicago';
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
      time_zone: timeZone,
      status: o.status ?? 'active',
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const userId of o.accountTeam ?? [])
    await t.db.kysely
      .insertInto('customer_account_team')
      .values({ customer_id: customerId, user_id: userId })
      .execute();
  return { customerId, organizationId, timeZone, name };
}

/** A contact of the customer (statement recipients get the threshold alerts). */
export async function makeContact(
  t: TestEnv,
  customerId: string,
  o: { email?: string; receivesStatements?: boolean } = {},
): Promise<{ id: string; email: string }> {
  const id = t.core.ids.next('con');
  const email = o.email ?? `contact-${++seq}-${id.slice(-6)}@customer.test`;
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      customer_id: customerId,
      name: `Contact ${seq}`,
      email,
      receives_statements: o.receivesStatements ?? true,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, email };
}

/**
 * A contract through the contracts service (grant posted, ledger opened): 40 hours over 2026–2027 for
 * a new Chicago customer unless told otherwise.
 */
export async function makeContract(
  t: TestEnv,
  o: Partial<NewContract> & { timeZone?: string } = {},
): Promise<Contract> {
  const customerId = o.customerId ?? (await makeCustomer(t, o.timeZone ? { timeZone: o.timeZone } : {})).customerId;
  const { timeZone: _tz, ...rest } = o;
  return t.core.services.contracts.create(systemCtx('test'), {
    number: `CTR-${++seq}-${t.core.ids.next('ctr').slice(-8)}`,
    termStart: '2026-01-01',
    termEnd: '2027-12-31',
    unit: 'hours',
    initialAmount: 40 * 60,
    ...rest,
    customerId,
  });
}

/** An engagement id (engagements are a later feature; the ledger names them by id). */
export const makeEngagementId = (t: TestEnv): string => t.core.ids.next('eng');

/**
 * The people of the contract tests: provider staff of every role (one account manager on customer A's
 * team, one not), customer A (with `timeZoneA`) and its viewer, and customer B with an approver.
 */
export async function makeContractWorld(t: TestEnv, o: { timeZoneA?: string; timeZoneB?: string } = {}) {
  const admin = await makeUserWithToken(t, { role: 'admin' });
  const am = await makeUserWithToken(t, { role: 'account_manager' });
  const otherAm = await makeUserWithToken(t, { role: 'account_manager' });
  const irm = await makeUserWithToken(t, { role: 'ir_manager' });
  const consultant = await makeUserWithToken(t, { role: 'consultant' });
  const customerA = await makeCustomer(t, { timeZone: o.timeZoneA ?? 'America/Chicago', accountTeam: [am.id] });
  const customerB = await makeCustomer(t, { timeZone: o.timeZoneB ?? 'Pacific/Auckland' });
  const viewerA = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: customerA.organizationId });
  const viewerB = await makeUserWithToken(t, { role: 'customer_approver', organizationId: customerB.organizationId });
  return { admin, am, otherAm, irm, consultant, customerA, customerB, viewerA, viewerB };
}
export type ContractWorld = Awaited<ReturnType<typeof makeContractWorld>>;
