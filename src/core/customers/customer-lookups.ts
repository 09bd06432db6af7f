// Helpers for other features: no authorization (callers have done theirs), on the executor given.
import type { Executor } from '../../db/create-db.ts';
import type { Actor } from '../context.ts';
import { visibleCustomer } from './customers.load.ts';
import { customersRepo } from './customers.repo.ts';
import { toContactView, toRecord, type ContactView, type CustomerRecord } from './customers.views.ts';

/** A customer by id, or undefined. */
export async function customerRecord(ex: Executor, id: string): Promise<CustomerRecord | undefined> {
  const customer = await customersRepo.customer(ex, id);
  return customer ? toRecord(customer) : undefined;
}

/** The customer the actor may see, else NOT_FOUND (another tenant's is exactly like a missing one). */
export async function visibleCustomerRecord(ex: Executor, actor: Actor, id: string): Promise<CustomerRecord> {
  return toRecord(await visibleCustomer(ex, actor, id));
}

/** The customer whose organisation this is (a customer user's tenant), or undefined. */
export async function customerForOrganization(
  ex: Executor,
  organizationId: string,
): Promise<CustomerRecord | undefined> {
  const customer = await customersRepo.customerByOrganization(ex, organizationId);
  return customer ? toRecord(customer) : undefined;
}

/** Contacts who approve EWOs and change orders for the customer (`canApprove`), in escalation order. */
export async function approvingContacts(ex: Executor, customerId: string): Promise<ContactView[]> {
  return (await customersRepo.listContacts(ex, customerId, { canApprove: true })).map(toContactView);
}

/** Contacts who receive the monthly statement and balance alerts (`receivesStatements`), in escalation order. */
export async function statementContacts(ex: Executor, customerId: string): Promise<ContactView[]> {
  return (await customersRepo.listContacts(ex, customerId, { receivesStatements: true })).map(toContactView);
}

/** The contact a customer user acts for (its authority), or undefined for provider staff. */
export async function contactForUser(ex: Executor, userId: string): Promise<ContactView | undefined> {
  const contact = await customersRepo.contactOfUser(ex, userId);
  return contact ? toContactView(contact) : undefined;
}

/** A contact by id (any customer), or undefined: for links and email replies that name a contact. */
export async function contactRecord(ex: Executor, contactId: string): Promise<ContactView | undefined> {
  const contact = await customersRepo.contact(ex, contactId);
  return contact ? toContactView(contact) : undefined;
}
