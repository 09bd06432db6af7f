import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import { activeAccountTeam } from './account-team.ts';
import { inviteContact, inviteContactInTx } from './contact-login.ts';
import {
  addContact,
  addContactInTx,
  getContact,
  listContacts,
  updateContact,
  type ContactFilter,
  type ContactInput,
  type UpdateContactInput,
} from './contacts.ts';
import { createCustomer, createCustomerInTx, type CreateCustomerInput } from './create-customer.ts';
import {
  approvingContacts,
  contactForUser,
  contactRecord,
  customerForOrganization,
  customerRecord,
  statementContacts,
  visibleCustomerRecord,
} from './customer-lookups.ts';
import type { CustomersDeps } from './customers.deps.ts';
import { manages } from './customers.load.ts';
import { getCustomer, listCustomers, type CustomerFilter } from './read-customers.ts';
import { addSite, addSiteInTx, getSite, listSites, updateSite, type SiteInput, type UpdateSiteInput } from './sites.ts';
import { updateCustomer, type UpdateCustomerInput } from './update-customer.ts';

export type CustomersService = ReturnType<typeof createCustomersService>;

/** Customers, their sites, contacts and account teams: binds the use cases of this folder to their dependencies. */
export function createCustomersService(deps: CustomersDeps) {
  return {
    createCustomerInTx: (trx: Executor, ctx: Ctx, input: CreateCustomerInput) =>
      createCustomerInTx(deps, trx, ctx, input),
    addSiteInTx: (trx: Executor, ctx: Ctx, customerId: string, input: SiteInput) =>
      addSiteInTx(deps, trx, ctx, customerId, input),
    addContactInTx: (trx: Executor, ctx: Ctx, customerId: string, input: ContactInput) =>
      addContactInTx(deps, trx, ctx, customerId, input),
    inviteContactInTx: (
      trx: Executor,
      ctx: Ctx,
      customerId: string,
      contactId: string,
      options: { passwordHash?: string } = {},
    ) => inviteContactInTx(deps, trx, ctx, customerId, contactId, options),

    createCustomer: (ctx: Ctx, input: CreateCustomerInput) => createCustomer(deps, ctx, input),
    listCustomers: (ctx: Ctx, filter: CustomerFilter) => listCustomers(deps, ctx, filter),
    getCustomer: (ctx: Ctx, id: string) => getCustomer(deps, ctx, id),
    updateCustomer: (ctx: Ctx, id: string, patch: UpdateCustomerInput, expectedRevision?: number) =>
      updateCustomer(deps, ctx, id, patch, expectedRevision),

    listSites: (ctx: Ctx, customerId: string, filter: { cursor?: string; limit?: number } = {}) =>
      listSites(deps, ctx, customerId, filter),
    getSite: (ctx: Ctx, customerId: string, siteId: string) => getSite(deps, ctx, customerId, siteId),
    addSite: (ctx: Ctx, customerId: string, input: SiteInput) => addSite(deps, ctx, customerId, input),
    updateSite: (ctx: Ctx, customerId: string, siteId: string, patch: UpdateSiteInput) =>
      updateSite(deps, ctx, customerId, siteId, patch),

    listContacts: (ctx: Ctx, customerId: string, filter: ContactFilter = {}) =>
      listContacts(deps, ctx, customerId, filter),
    getContact: (ctx: Ctx, customerId: string, contactId: string) => getContact(deps, ctx, customerId, contactId),
    addContact: (ctx: Ctx, customerId: string, input: ContactInput) => addContact(deps, ctx, customerId, input),
    updateContact: (ctx: Ctx, customerId: string, contactId: string, patch: UpdateContactInput) =>
      updateContact(deps, ctx, customerId, contactId, patch),
    inviteContact: (ctx: Ctx, customerId: string, contactId: string, options: { password?: string } = {}) =>
      inviteContact(deps, ctx, customerId, contactId, options),

    // Helpers for other features: no authorization (callers have done theirs), on the executor given.
    customerRecord,
    visibleCustomerRecord,
    manages,
    customerForOrganization,
    approvingContacts,
    statementContacts,
    accountTeam: activeAccountTeam,
    contactForUser,
    contactRecord,
  };
}
