import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { etagOf, expectedRevision } from '../../core/revisions.ts';
import type { CustomersService } from '../../core/customers/customers.service.ts';
import { PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  Contact,
  ContactInvite,
  ContactListQuery,
  ContactParams,
  CreateContactBody,
  CreateCustomerBody,
  CreateSiteBody,
  Customer,
  CustomerListQuery,
  CustomerParams,
  IfMatchHeaders,
  InviteContactBody,
  Site,
  SiteParams,
  UpdateContactBody,
  UpdateCustomerBody,
  UpdateSiteBody,
} from '../../shared/contracts/customers.ts';
import { ctxOf } from '../plugins/auth.ts';
import type { RouteApp } from './route-app.ts';

export const customersRoutes: FastifyPluginAsyncZod<{ customers: CustomersService }> = async (app, { customers }) => {
  registerCustomerRoutes(app, customers);
  registerSiteRoutes(app, customers);
  registerContactRoutes(app, customers);
};

/** Customers: create, list, read, update. */
function registerCustomerRoutes(app: RouteApp, customers: CustomersService): void {
  const tags = ['customers'];

  app.post(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer and its organisation (admin, account manager)',
        body: CreateCustomerBody,
        response: { 201: Customer, ...problemResponses },
      },
    },
    async (request, reply) => {
      const customer = await customers.createCustomer(ctxOf(request), request.body);
      return reply.status(201).header('etag', etagOf(customer.revision)).send(customer);
    },
  );

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'List customers by name (customer users: only their own)',
        querystring: CustomerListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(Customer), ...problemResponses },
      },
    },
    async (request) => customers.listCustomers(ctxOf(request), request.query),
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'One customer with its account team',
        params: CustomerParams,
        response: { 200: Customer, ...problemResponses },
      },
    },
    async (request, reply) => {
      const customer = await customers.getCustomer(ctxOf(request), request.params.id);
      return reply.header('etag', etagOf(customer.revision)).send(customer);
    },
  );

  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Edit a customer (admin; account managers on its team); If-Match or `revision` refuses a stale edit',
        params: CustomerParams,
        headers: IfMatchHeaders,
        body: UpdateCustomerBody,
        response: { 200: Customer, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { revision, ...patch } = request.body;
      const customer = await customers.updateCustomer(
        ctxOf(request),
        request.params.id,
        patch,
        expectedRevision(request.headers['if-match'], revision),
      );
      return reply.header('etag', etagOf(customer.revision)).send(customer);
    },
  );
}

/** A customer's sites. */
function registerSiteRoutes(app: RouteApp, customers: CustomersService): void {
  const siteTags = ['sites'];
  app.get(
    '/customers/:id/sites',
    {
      schema: {
        tags: siteTags,
        summary: "A customer's sites",
        params: CustomerParams,
        querystring: PageQuery,
        response: { 200: pageOf(Site), ...problemResponses },
      },
    },
    async (request) => customers.listSites(ctxOf(request), request.params.id, request.query),
  );

  app.post(
    '/customers/:id/sites',
    {
      schema: {
        tags: siteTags,
        summary: "Add a site (admin; account managers on the team); time zone defaults to the customer's",
        params: CustomerParams,
        body: CreateSiteBody,
        response: { 201: Site, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await customers.addSite(ctxOf(request), request.params.id, request.body)),
  );

  app.get(
    '/customers/:id/sites/:siteId',
    {
      schema: { tags: siteTags, summary: 'One site', params: SiteParams, response: { 200: Site, ...problemResponses } },
    },
    async (request) => customers.getSite(ctxOf(request), request.params.id, request.params.siteId),
  );

  app.patch(
    '/customers/:id/sites/:siteId',
    {
      schema: {
        tags: siteTags,
        summary: 'Edit a site (admin; account managers on the team); null clears the coordinates',
        params: SiteParams,
        body: UpdateSiteBody,
        response: { 200: Site, ...problemResponses },
      },
    },
    async (request) => customers.updateSite(ctxOf(request), request.params.id, request.params.siteId, request.body),
  );
}

/** A customer's contacts and their portal invitations. */
function registerContactRoutes(app: RouteApp, customers: CustomersService): void {
  const contactTags = ['contacts'];
  app.get(
    '/customers/:id/contacts',
    {
      schema: {
        tags: contactTags,
        summary: "A customer's contacts in escalation order, with their portal logins",
        params: CustomerParams,
        querystring: ContactListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(Contact), ...problemResponses },
      },
    },
    async (request) => customers.listContacts(ctxOf(request), request.params.id, request.query),
  );

  app.post(
    '/customers/:id/contacts',
    {
      schema: {
        tags: contactTags,
        summary: 'Add a contact (admin; account managers on the team); emails are unique per customer',
        params: CustomerParams,
        body: CreateContactBody,
        response: { 201: Contact, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await customers.addContact(ctxOf(request), request.params.id, request.body)),
  );

  app.get(
    '/customers/:id/contacts/:contactId',
    {
      schema: {
        tags: contactTags,
        summary: 'One contact',
        params: ContactParams,
        response: { 200: Contact, ...problemResponses },
      },
    },
    async (request) => customers.getContact(ctxOf(request), request.params.id, request.params.contactId),
  );

  app.patch(
    '/customers/:id/contacts/:contactId',
    {
      schema: {
        tags: contactTags,
        summary:
          "Edit a contact (admin; account managers on the team); its portal login's role, name and email follow at once",
        params: ContactParams,
        body: UpdateContactBody,
        response: { 200: Contact, ...problemResponses },
      },
    },
    async (request) =>
      customers.updateContact(ctxOf(request), request.params.id, request.params.contactId, request.body),
  );

  app.post(
    '/customers/:id/contacts/:contactId/invite',
    {
      schema: {
        tags: contactTags,
        summary:
          'Give a contact a portal login whose role follows its flags: with a password (admin) or a set-password email',
        params: ContactParams,
        body: InviteContactBody,
        response: { 201: ContactInvite, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await customers.inviteContact(
            ctxOf(request),
            request.params.id,
            request.params.contactId,
            request.body ?? {},
          ),
        ),
  );
}
