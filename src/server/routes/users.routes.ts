import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountsService } from '../../core/accounts/accounts.service.ts';
import {
  CreateUserBody,
  Organization,
  StaffMember,
  StaffQuery,
  UpdateUserBody,
  User,
  UserListQuery,
} from '../../shared/contracts/accounts.ts';
import { z } from 'zod';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf } from '../plugins/auth.ts';

export const usersRoutes: FastifyPluginAsyncZod<{ accounts: AccountsService }> = async (app, { accounts }) => {
  const tags = ['users'];
  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List users (admin)',
        querystring: UserListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(User), ...problemResponses },
      },
    },
    async (request) => accounts.listUsers(ctxOf(request), request.query),
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a provider user (admin); without a password the user gets a set-password email',
        body: CreateUserBody,
        response: { 201: User, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await accounts.createUser(ctxOf(request), request.body)),
  );

  app.get(
    '/users/:id',
    {
      schema: { tags, summary: 'One user (admin)', params: IdParam, response: { 200: User, ...problemResponses } },
    },
    async (request) => accounts.getUser(ctxOf(request), request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary:
          'Rename, change role (provider users) or disable/enable a user (admin); disabling ends its sessions and tokens',
        params: IdParam,
        body: UpdateUserBody,
        response: { 200: User, ...problemResponses },
      },
    },
    async (request) => accounts.updateUser(ctxOf(request), request.params.id, request.body),
  );

  app.get(
    '/organizations/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One organisation (customer users: only their own)',
        params: IdParam,
        response: { 200: Organization, ...problemResponses },
      },
    },
    async (request) => accounts.getOrganization(ctxOf(request), request.params.id),
  );

  app.get(
    '/staff',
    {
      schema: {
        tags,
        summary: "The IR firm's active staff (any provider user): for staffing engagements and account teams",
        querystring: StaffQuery,
        response: { 200: z.object({ items: z.array(StaffMember) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await accounts.listStaff(ctxOf(request), request.query) }),
  );
};
