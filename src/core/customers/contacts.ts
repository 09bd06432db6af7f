import type { Executor } from '../../db/create-db.ts';
import { canonicalTimeZone } from '../../shared/contracts/time-zone.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { syncLinkedUser } from './contact-login.ts';
import { assertNoProblems, blankProblems, contactEmailTaken, mapRaces } from './customers.checks.ts';
import type { CustomersDeps } from './customers.deps.ts';
import { editableCustomer, existingCustomer, loadContact, lockContact, visibleCustomer } from './customers.load.ts';
import { customersRepo } from './customers.repo.ts';
import { changedFields } from './customers.rules.ts';
import type { Phone } from './customers.tables.ts';
import { contactSnapshot, toContactView, type ContactView } from './customers.views.ts';

/** Contacts page by (escalation order, id). */
const byEscalation = cursorOf('int', 'id');

export interface ContactInput {
  name: string;
  email: string;
  phones?: Phone[];
  canRequest?: boolean;
  canApprove?: boolean;
  receivesStatements?: boolean;
  escalationOrder?: number | null;
  timeZone?: string | null;
}
export type UpdateContactInput = Partial<ContactInput>;

export interface ContactFilter {
  canApprove?: boolean;
  canRequest?: boolean;
  receivesStatements?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** Adds a contact to a customer on the caller's transaction; emails are unique per customer (without case). */
export async function addContactInTx(
  deps: Pick<CustomersDeps, 'clock' | 'ids' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  customerId: string,
  input: ContactInput,
): Promise<string> {
  const customer = await existingCustomer(trx, customerId);
  assertNoProblems(blankProblems({ name: input.name, email: input.email }));
  if (await customersRepo.contactEmailTaken(trx, customer.id, input.email))
    throw contactEmailTaken(input.email, customer.name);
  const at = deps.clock.now();
  const id = deps.ids.next('con');
  const row = {
    id,
    customer_id: customer.id,
    name: input.name.trim(),
    email: input.email.trim(),
    phones: input.phones ?? [],
    can_request: input.canRequest ?? false,
    can_approve: input.canApprove ?? false,
    receives_statements: input.receivesStatements ?? false,
    escalation_order: input.escalationOrder ?? null,
    time_zone: input.timeZone ? canonicalTimeZone(input.timeZone) : null,
    created_at: at,
    updated_at: at,
  };
  await customersRepo.insertContact(trx, { ...row, phones: JSON.stringify(row.phones) });
  await deps.audit.record(trx, ctx, {
    action: 'contact.created',
    entityType: 'contact',
    entityId: id,
    organizationId: customer.organization_id,
    after: { customerId: customer.id, ...contactSnapshot(row) },
  });
  return id;
}

/** A customer's contacts in escalation order, filtered by flag and text (cursor pages); another tenant's is 404. */
export async function listContacts(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  filter: ContactFilter = {},
): Promise<Page<ContactView>> {
  await visibleCustomer(deps.db.kysely, ctx.actor, customerId);
  const { cursor, limit = 50, ...filters } = filter;
  const after = byEscalation.decode(cursor);
  const rows = await customersRepo.listContacts(deps.db.kysely, customerId, {
    ...filters,
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byEscalation, (row) => [row.order_key, row.id]);
  return { items: page.items.map(toContactView), nextCursor: page.nextCursor };
}

/** One contact of a customer with its portal login; another tenant's is 404. */
export async function getContact(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  contactId: string,
): Promise<ContactView> {
  await visibleCustomer(deps.db.kysely, ctx.actor, customerId);
  return toContactView(await loadContact(deps.db.kysely, customerId, contactId));
}

/** Adds a contact (admins; account managers on the team); its email is unique within the customer. */
export async function addContact(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  input: ContactInput,
): Promise<ContactView> {
  const id = await mapRaces(
    () =>
      deps.db.transaction(async (trx) => {
        await editableCustomer(trx, ctx.actor, customerId);
        return addContactInTx(deps, trx, ctx, customerId, input);
      }),
    [{ constraint: 'contacts_customer_email', error: () => contactEmailTaken(input.email, 'This customer') }],
  );
  return toContactView(await loadContact(deps.db.kysely, customerId, id));
}

/** The edit inside its transaction: the contact, then its portal login, with one audit event. */
async function updateContactInTx(
  deps: CustomersDeps,
  trx: Executor,
  ctx: Ctx,
  customerId: string,
  contactId: string,
  patch: UpdateContactInput,
): Promise<void> {
  const { customer } = await editableCustomer(trx, ctx.actor, customerId);
  await lockContact(trx, customerId, contactId);
  const before = await loadContact(trx, customerId, contactId);
  assertNoProblems(blankProblems({ name: patch.name, email: patch.email }));
  const next = {
    name: patch.name?.trim() ?? before.name,
    email: patch.email?.trim() ?? before.email,
    phones: patch.phones ?? before.phones,
    can_request: patch.canRequest ?? before.can_request,
    can_approve: patch.canApprove ?? before.can_approve,
    receives_statements: patch.receivesStatements ?? before.receives_statements,
    escalation_order: patch.escalationOrder !== undefined ? patch.escalationOrder : before.escalation_order,
    time_zone:
      patch.timeZone !== undefined ? (patch.timeZone ? canonicalTimeZone(patch.timeZone) : null) : before.time_zone,
  };
  const diff = changedFields(contactSnapshot(before), contactSnapshot(next));
  if (!diff) return;
  if (
    diff.after.email !== undefined &&
    (await customersRepo.contactEmailTaken(trx, customerId, next.email, contactId))
  ) {
    throw contactEmailTaken(next.email, customer.name);
  }
  await syncLinkedUser(deps, trx, ctx, customer, before, next);
  await customersRepo.updateContact(trx, contactId, {
    ...next,
    phones: JSON.stringify(next.phones),
    updated_at: deps.clock.now(),
  });
  await deps.audit.record(trx, ctx, {
    action: 'contact.updated',
    entityType: 'contact',
    entityId: contactId,
    organizationId: customer.organization_id,
    before: diff.before,
    after: diff.after,
  });
}

/**
 * Edits a contact (admins; account managers on the team). Its portal login follows in the same
 * transaction: the role its flags give, and its name and email (refused when the new email is
 * another user's).
 */
export async function updateContact(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  contactId: string,
  patch: UpdateContactInput,
): Promise<ContactView> {
  await mapRaces(
    () => deps.db.transaction((trx) => updateContactInTx(deps, trx, ctx, customerId, contactId, patch)),
    [
      { constraint: 'contacts_customer_email', error: () => contactEmailTaken(patch.email ?? '', 'This customer') },
      {
        constraint: 'users_email_lower',
        error: () =>
          new AppError(
            'EMAIL_TAKEN',
            `${patch.email ?? 'This address'} is already the sign-in address of another user. Use another address.`,
            { field: 'email' },
          ),
      },
    ],
  );
  return toContactView(await loadContact(deps.db.kysely, customerId, contactId));
}
