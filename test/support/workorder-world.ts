import { expect } from 'vitest';
import type { NewContract } from '../../src/core/contracts/create-contract.ts';
import { makeContract, makeCustomer } from './contract-factories.ts';
import { makeUser, tokenFor } from './factories.ts';
import { call, TEST_PUBLIC_URL, type Auth, type TestEnv } from './harness.ts';
import { makeContact, makeCustomerUser } from './request-factories.ts';

let seq = 0;

/**
 * A customer ready for work orders: an account manager on its team, a 40-hour retainer (granted through
 * the contracts service), a site, an approver with a portal login, an approving contact without one, a
 * requester and a viewer; and the firm's IR manager and admin.
 */
export async function makeWorkOrderWorld(
  t: TestEnv,
  o: { initialAmount?: number; settings?: NewContract['settings']; timeZone?: string } = {},
) {
  const n = ++seq;
  const accountManager = await makeUser(t, { role: 'account_manager' });
  const customer = await makeCustomer(t, {
    accountTeam: [accountManager.id],
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
  });
  const contract = await makeContract(t, {
    customerId: customer.customerId,
    initialAmount: o.initialAmount ?? 40 * 60,
    ...(o.settings ? { settings: o.settings } : {}),
  });
  const siteId = t.core.ids.next('sit');
  await t.db.kysely
    .insertInto('sites')
    .values({
      id: siteId,
      customer_id: customer.customerId,
      name: `Head office ${n}`,
      address: '1 Lake St, Chicago',
      latitude: null,
      longitude: null,
      time_zone: customer.timeZone,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute();
  const approver = await makeCustomerUser(t, customer, 'customer_approver');
  const mailApprover = await makeContact(t, customer.customerId, {
    name: `Seán Ó Briain ${n}`,
    canApprove: true,
    canRequest: true,
  });
  const requester = await makeCustomerUser(t, customer, 'customer_requester');
  const viewer = await makeCustomerUser(t, customer, 'customer_viewer');
  const irManager = await makeUser(t, { role: 'ir_manager' });
  const admin = await makeUser(t, { role: 'admin' });
  return {
    customer,
    contract,
    siteId,
    approver,
    mailApprover,
    requester,
    viewer,
    accountManager: { ...accountManager, auth: await tokenFor(t, accountManager) },
    irManager: { ...irManager, auth: await tokenFor(t, irManager) },
    admin: { ...admin, auth: await tokenFor(t, admin) },
  };
}
export type WorkOrderWorld = Awaited<ReturnType<typeof makeWorkOrderWorld>>;

/** A request logged by the IR manager: an emergency by default, or a proactive service (catalog item by name). */
export async function makeRequest(
  t: TestEnv,
  w: WorkOrderWorld,
  o: { kind?: 'emergency' | 'proactive'; item?: string; desiredStart?: string; onsite?: boolean } = {},
): Promise<string> {
  let body: Record<string, unknown>;
  if (o.kind === 'proactive') {
    const items = (await call(t.app, w.admin.auth, 'GET', '/api/v1/catalog?kind=proactive&limit=100')).json().items as {
      id: string;
      name: string;
    }[];
    body = {
      kind: 'proactive',
      contractId: w.contract.id,
      catalogItemId: items.find((i) => i.name === (o.item ?? 'Tabletop exercise'))!.id,
      desiredStart: o.desiredStart ?? '2027-01-11',
      description: 'Board tabletop exercise',
      channel: 'email',
      onsiteRequired: o.onsite ?? false,
    };
  } else {
    body = {
      kind: 'emergency',
      contractId: w.contract.id,
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'File servers encrypted overnight',
      channel: 'hotline',
      requesterContactId: w.requester.contactId,
      onsiteRequired: o.onsite ?? false,
    };
  }
  const r = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

export interface WorkOrderJson {
  id: string;
  number: string;
  status: string;
  version: number;
  revision: number;
  contentHash: string | null;
  engagementId: string | null;
  reservation: { amount: number; display: string };
  [k: string]: unknown;
}

/** Drafts the request's EWO (IR manager) and answers its JSON. */
export async function draft(
  t: TestEnv,
  w: WorkOrderWorld,
  requestId: string,
  body: Record<string, unknown> = {},
): Promise<WorkOrderJson> {
  const r = await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${requestId}/work-orders`, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

/** Sends the current draft (IR manager). */
export async function send(t: TestEnv, w: WorkOrderWorld, id: string): Promise<WorkOrderJson> {
  const r = await call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${id}/send`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

/** An emergency request with a sent EWO (40 hours, remote). */
export async function sentWorkOrder(t: TestEnv, w: WorkOrderWorld, body: Record<string, unknown> = {}) {
  const requestId = await makeRequest(t, w);
  const d = await draft(t, w, requestId, body);
  return { requestId, wo: await send(t, w, d.id) };
}

/** The approval emails of a contact with their link token and reply-to token, newest first. */
export async function approvalMails(t: TestEnv, email: string) {
  const rows = await t.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('topic', 'in', ['ewo.sent', 'change_order.sent'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows
    .filter((r) => r.payload.to.includes(email))
    .map((r) => {
      const link = new RegExp(`${TEST_PUBLIC_URL}/approve/([A-Za-z0-9_-]+)`).exec(r.payload.text)?.[1] ?? null;
      const reply = /^ewo\+([0-9a-f]+)@/.exec(r.payload.replyTo ?? '')?.[1] ?? null;
      return { payload: r.payload, link, reply };
    });
}

/** The state a refused decision must leave untouched. */
export async function fingerprint(t: TestEnv) {
  const k = t.db.kysely;
  const count = async (
    table:
      | 'approval_decisions'
      | 'engagements'
      | 'ledger_entries'
      | 'audit_events'
      | 'change_orders'
      | 'work_order_versions',
  ) =>
    Number(
      (
        await k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    versions: await k.selectFrom('work_order_versions').select(['id', 'status']).orderBy('id').execute(),
    changeOrders: await k.selectFrom('change_orders').select(['id', 'status']).orderBy('id').execute(),
    requests: await k.selectFrom('service_requests').select(['id', 'status']).orderBy('id').execute(),
    tokens: await k.selectFrom('approval_tokens').select(['id', 'used_at', 'voided_at']).orderBy('id').execute(),
    decisions: await count('approval_decisions'),
    engagements: await count('engagements'),
    ledger: await count('ledger_entries'),
    audit: await count('audit_events'),
  };
}

/** Runs a call that must be refused with `status` and `code`, and proves that nothing changed. */
export async function refusedUnchanged(
  t: TestEnv,
  run: () => Promise<{ statusCode: number; body: string }>,
  status: number,
  code: string,
) {
  const before = await fingerprint(t);
  const r = await run();
  const body = JSON.parse(r.body) as { code: string; detail: string; details?: Record<string, unknown> };
  expect({ status: r.statusCode, code: body.code }, r.body).toEqual({ status, code });
  expect(await fingerprint(t)).toEqual(before);
  return body;
}

export const approve = (t: TestEnv, auth: Auth, id: string, contentHash: string) =>
  call(t.app, auth, 'POST', `/api/v1/work-orders/${id}/approve`, { contentHash });
