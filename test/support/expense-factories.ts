import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { createPdf } from '../../src/core/documents/pdf.ts';
import { encodePng } from '../../src/core/files/png.ts';
import type { EngagementStatus } from '../../src/core/engagements/engagements.tables.ts';
import type { CustomerRole, Role } from '../../src/shared/roles.ts';
import { rateCardOf } from '../../src/shared/rate-card.ts';
import { makeUserWithToken } from './factories.ts';
import { authHeaders, type Auth, type TestEnv } from './harness.ts';
import { makeContact, makeContract, makeCustomer, makeCustomerUser } from './request-factories.ts';

let seq = 0;

// ---------------------------------------------------------------------------------------------------
// Real file bytes: a PDF (pdfkit), a PNG (encoded here), a JPEG (drawn on a canvas by Chromium once and
// kept as base64: 24×16 pixels), a ZIP (written here) and plain text.

let pdf: Promise<Buffer> | undefined;
/** A one-page PDF receipt. */
export const pdfBytes = (): Promise<Buffer> =>
  (pdf ??= createPdf({ title: 'Receipt', creationDate: new Date('2026-11-01T00:00:00Z') })
    .title('Hotel Lakeside Chicago')
    .facts([
      ['Guest', 'Lena Fischer'],
      ['Nights', '3'],
      ['Total', '612.30 USD'],
    ])
    .toBuffer());

/** A 32×20 PNG. */
export const pngBytes = (): Buffer =>
  encodePng(32, 20, (x, y) => (y < 4 ? [28, 78, 128] : x % 8 < 4 ? [240, 240, 240] : [200, 200, 200]));

/** A 24×16 baseline JPEG. */
export const jpegBytes = (): Buffer =>
  Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABgDASIAAhEBAxEB/8QAFwAAAwEAAAAAAAAAAAAAAAAAAAMEBf/EACkQAAAEBAQFBQAAAAAAAAAAAAAEERICAxQxAQUTIRUiI0GRJDRVpNH/xAAVAQEBAAAAAAAAAAAAAAAAAAACBP/EABYRAAMAAAAAAAAAAAAAAAAAAAABEf/aAAwDAQACEQMRAD8AzSBcnP1Kw9SNRvRxjddbW7eRZw/JvnfqR/ojIH6HU9IVMPT3Et7UW2+1w43m9UWjk8Oy+S5OeVJbFhuu2Ki12kikEny5ORp0Z6rcrujjA2yXv38AEYAkFn//2Q==',
    'base64',
  );

/** A ZIP archive with one stored text file. */
export function zipBytes(): Buffer {
  const name = Buffer.from('notes.txt');
  const data = Buffer.from('not a receipt\n');
  const crc = zlib.crc32(data) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

// ---------------------------------------------------------------------------------------------------
// A tenant with an engagement, inserted directly (the engagement services are their own features);
// customers, contracts, contacts and portal users come from the request factories.

export interface TestTenant {
  customerId: string;
  organizationId: string;
  name: string;
  contractId: string;
}

/** A customer (and its organisation) with an active contract and an optional account team, rows inserted directly. */
export async function makeTenant(t: TestEnv, o: { accountTeam?: string[] } = {}): Promise<TestTenant> {
  const customer = await makeCustomer(t, { name: `Expense Customer ${++seq} ${t.core.ids.next('cus').slice(-6)}` });
  for (const userId of o.accountTeam ?? [])
    await t.db.kysely
      .insertInto('customer_account_team')
      .values({ customer_id: customer.customerId, user_id: userId })
      .execute();
  const contract = await makeContract(t, customer.customerId);
  return {
    customerId: customer.customerId,
    organizationId: customer.organizationId,
    name: customer.name,
    contractId: contract.id,
  };
}

/** A contact of the tenant with the given flags. */
export async function makeTenantContact(
  t: TestEnv,
  tenant: TestTenant,
  o: { canApprove?: boolean; canRequest?: boolean; receivesStatements?: boolean; name?: string } = {},
): Promise<{ id: string; email: string; name: string }> {
  const { receivesStatements, ...flags } = o;
  const contact = await makeContact(t, tenant.customerId, flags);
  if (receivesStatements)
    await t.db.kysely.updateTable('contacts').set({ receives_statements: true }).where('id', '=', contact.id).execute();
  return contact;
}

/** A portal user of the tenant linked to a new contact whose flags match the role, with a bearer token. */
export async function makePortalUser(t: TestEnv, tenant: TestTenant, role: CustomerRole) {
  const u = await makeCustomerUser(t, { ...tenant, timeZone: 'America/Chicago' }, role);
  return { ...u, contactEmail: u.email };
}

/** An engagement of the tenant's contract (and its service request), with a team, inserted directly. */
export async function makeEngagement(
  t: TestEnv,
  tenant: TestTenant,
  o: {
    team?: { userId: string; role?: string }[];
    status?: EngagementStatus;
    requesterContactId?: string;
    title?: string;
  } = {},
): Promise<{ id: string; number: string; requestId: string }> {
  const id = t.core.ids.next('eng');
  const requestId = t.core.ids.next('req');
  const number = `ENG-T-${++seq}-${id.slice(-5)}`;
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('service_requests')
    .values({
      id: requestId,
      number: `REQ-T-${seq}-${requestId.slice(-5)}`,
      organization_id: tenant.organizationId,
      customer_id: tenant.customerId,
      contract_id: tenant.contractId,
      kind: 'emergency',
      status: 'approved',
      channel: 'hotline',
      catalog_item_id: null,
      incident_type: 'ransomware',
      severity: 'P1',
      onsite_required: false,
      description: 'File servers encrypted',
      received_at: at,
      desired_start: null,
      lead_time_days: null,
      earliest_start: null,
      support_level: 'full',
      flags: JSON.stringify([]),
      requester_contact_id: o.requesterContactId ?? null,
      requester_user_id: null,
      created_by_user_id: null,
      status_reason: null,
      status_changed_at: at,
      clocks_stopped_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await t.db.kysely
    .insertInto('engagements')
    .values({
      id,
      number,
      customer_id: tenant.customerId,
      contract_id: tenant.contractId,
      request_id: requestId,
      work_order_id: t.core.ids.next('ewo'),
      title: o.title ?? 'Ransomware response',
      kind: 'emergency',
      status: o.status ?? 'in_progress',
      delivery_mode: 'hybrid',
      site_ids: JSON.stringify([]),
      pricing_mode: 'time_and_materials',
      estimate: 40 * 60,
      fixed_price: null,
      minimum_billable: 0,
      planned_start: at,
      planned_end: null,
      status_before_hold: null,
      status_reason: null,
      created_at: at,
      updated_at: at,
      closed_at: null,
      rate_card: JSON.stringify(
        rateCardOf(
          await t.db.kysely
            .selectFrom('contracts')
            .select(['unit', 'units_per_hour', 'settings'])
            .where('id', '=', tenant.contractId)
            .executeTakeFirstOrThrow(),
        ),
      ),
    })
    .execute();
  for (const m of o.team ?? []) {
    await t.db.kysely
      .insertInto('engagement_team')
      .values({ engagement_id: id, user_id: m.userId, role: m.role ?? 'consultant', added_at: at })
      .execute();
  }
  return { id, number, requestId };
}

/** Provider staff with tokens: an admin, two IR managers, an account manager, a consultant on the team and one not. */
export async function makeStaff(t: TestEnv) {
  const make = (role: Role, name?: string) => makeUserWithToken(t, { role, ...(name ? { name } : {}) });
  return {
    admin: await make('admin'),
    manager: await make('ir_manager', 'Maria Keller'),
    manager2: await make('ir_manager', 'James Okafor'),
    accountManager: await make('account_manager'),
    consultant: await make('consultant', 'Lena Fischer'),
    outsider: await make('consultant', 'Priya Raman'),
  };
}

/**
 * Two tenants, each with an engagement: ours with staff on the team (the consultant and a manager),
 * portal users of every role, a statement contact and the requester; theirs with its own approver.
 */
export async function makeExpenseWorld(t: TestEnv) {
  const staff = await makeStaff(t);
  const tenant = await makeTenant(t, { accountTeam: [staff.accountManager.id] });
  const approver = await makePortalUser(t, tenant, 'customer_approver');
  const requester = await makePortalUser(t, tenant, 'customer_requester');
  const viewer = await makePortalUser(t, tenant, 'customer_viewer');
  const statementContact = await makeTenantContact(t, tenant, { receivesStatements: true, name: 'Finance Desk' });
  const requesterContact = await makeTenantContact(t, tenant, { canRequest: true, name: 'IT Director' });
  const engagement = await makeEngagement(t, tenant, {
    team: [{ userId: staff.consultant.id }, { userId: staff.manager.id, role: 'lead' }],
    requesterContactId: requesterContact.id,
  });
  const other = await makeTenant(t);
  const otherApprover = await makePortalUser(t, other, 'customer_approver');
  const otherEngagement = await makeEngagement(t, other, { team: [{ userId: staff.outsider.id }] });
  return {
    staff,
    tenant,
    approver,
    requester,
    viewer,
    statementContact,
    requesterContact,
    engagement,
    other,
    otherApprover,
    otherEngagement,
  };
}

// ---------------------------------------------------------------------------------------------------
// Multipart calls.

export interface UploadFile {
  content: Buffer;
  name: string;
  /** The declared media type of the part (never trusted by the server). */
  type?: string;
}

/** POSTs a multipart form (text fields and one file in `fileField`) as `auth`. */
export function postForm(
  t: TestEnv,
  auth: Auth,
  url: string,
  fields: Record<string, string | number | undefined>,
  file?: UploadFile & { field?: string },
): Promise<LightMyRequestResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, String(v));
  if (file)
    form.append(
      file.field ?? 'file',
      new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  return t.app.inject({ method: 'POST', url, headers: authHeaders(auth, 'POST'), payload: form as unknown as string });
}

/** Files an expense through the API (fields default to a valid airfare in EUR). */
export function fileExpense(
  t: TestEnv,
  auth: Auth,
  engagementId: string,
  o: { fields?: Record<string, string | number | undefined>; receipt?: UploadFile | null } = {},
): Promise<LightMyRequestResponse> {
  const fields = {
    date: '2026-10-30',
    category: 'airfare',
    amount: 48_250,
    currency: 'EUR',
    note: 'ORD–DUB',
    ...o.fields,
  };
  const receipt =
    o.receipt === null
      ? undefined
      : (o.receipt ?? { content: jpegBytes(), name: 'boarding-pass.jpg', type: 'image/jpeg' });
  return postForm(
    t,
    auth,
    `/api/v1/engagements/${engagementId}/expenses`,
    fields,
    receipt && { ...receipt, field: 'receipt' },
  );
}

const countedTables = [
  'stored_files',
  'expenses',
  'deliverables',
  'deliverable_versions',
  'audit_events',
  'outbox',
  'ledger_entries',
  'contract_balances',
] as const;

/** Row counts of the tables an expense or deliverable use case writes. */
export async function counts(t: TestEnv): Promise<Record<(typeof countedTables)[number], number>> {
  const out = {} as Record<(typeof countedTables)[number], number>;
  for (const table of countedTables) {
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
