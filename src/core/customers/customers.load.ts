import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { isCustomerUser, type Actor } from '../context.ts';
import { customersPolicy } from './customers.policy.ts';
import {
  customersRepo,
  type ContactWithUser,
  type CustomerRow,
  type SiteRow,
  type TeamMemberRow,
} from './customers.repo.ts';
import { toCustomerView, type CustomerView } from './customers.views.ts';

/** The customer's account team with each member's user (all statuses). */
export async function teamOf(ex: Executor, customerId: string): Promise<TeamMemberRow[]> {
  return customersRepo.accountTeams(ex, [customerId]);
}

/** The refusal of an edit by someone who may read the customer but not change it. */
export const writeForbidden = (actor: Actor): AppError =>
  new AppError(
    'FORBIDDEN',
    isCustomerUser(actor) || actor.type === 'contact'
      ? 'Customer users read their organisation here; ask your account manager at the IR firm to change it.'
      : "Only administrators and the account managers on this customer's account team edit it. Ask an administrator to add you to the account team.",
  );

/** The customer if the actor may see it; another tenant's customer is NOT_FOUND, exactly like a missing one. */
export async function visibleCustomer(ex: Executor, actor: Actor, id: string, lock = false): Promise<CustomerRow> {
  const customer = lock ? await customersRepo.customerForUpdate(ex, id) : await customersRepo.customer(ex, id);
  if (!customer || !customersPolicy.read(actor, customer.organization_id))
    throw new AppError('NOT_FOUND', `Customer ${id} not found.`);
  return customer;
}

/** Whether the actor manages the customer: an admin, or an account manager on its account team. */
export async function manages(ex: Executor, actor: Actor, customerId: string): Promise<boolean> {
  return customersPolicy.edit(
    actor,
    (await teamOf(ex, customerId)).map((member) => member.user_id),
  );
}

/** The customer locked for an edit by the actor: 404 across tenants, 403 without the right inside. */
export async function editableCustomer(
  trx: Executor,
  actor: Actor,
  id: string,
): Promise<{ customer: CustomerRow; team: TeamMemberRow[] }> {
  const customer = await visibleCustomer(trx, actor, id, true);
  const team = await teamOf(trx, id);
  if (
    !customersPolicy.edit(
      actor,
      team.map((member) => member.user_id),
    )
  )
    throw writeForbidden(actor);
  return { customer, team };
}

/** A customer by id without an access check, else NOT_FOUND. */
export async function existingCustomer(ex: Executor, id: string): Promise<CustomerRow> {
  const customer = await customersRepo.customer(ex, id);
  if (!customer) throw new AppError('NOT_FOUND', `Customer ${id} not found.`);
  return customer;
}

/** A customer with its account team, as the API shows it. */
export async function customerView(ex: Executor, id: string): Promise<CustomerView> {
  return toCustomerView(await existingCustomer(ex, id), await teamOf(ex, id));
}

/** A contact of this customer, else NOT_FOUND (a contact of another customer too). */
export async function loadContact(ex: Executor, customerId: string, contactId: string): Promise<ContactWithUser> {
  const contact = await customersRepo.contact(ex, contactId);
  if (!contact || contact.customer_id !== customerId)
    throw new AppError('NOT_FOUND', `Contact ${contactId} not found.`);
  return contact;
}

/** Locks a contact of this customer, else NOT_FOUND. */
export async function lockContact(trx: Executor, customerId: string, contactId: string): Promise<void> {
  const locked = await customersRepo.contactForUpdate(trx, contactId);
  if (!locked || locked.customer_id !== customerId) throw new AppError('NOT_FOUND', `Contact ${contactId} not found.`);
}

/** A site of this customer, else NOT_FOUND (a site of another customer too). */
export async function loadSite(ex: Executor, customerId: string, siteId: string, lock = false): Promise<SiteRow> {
  const site = lock ? await customersRepo.siteForUpdate(ex, siteId) : await customersRepo.site(ex, siteId);
  if (!site || site.customer_id !== customerId) throw new AppError('NOT_FOUND', `Site ${siteId} not found.`);
  return site;
}
