import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedRevision } from '../../core/revisions.ts';
import type { ContractsService } from '../../core/contracts/contracts.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  Contract,
  ContractListQuery,
  CreateContractBody,
  RenewContractBody,
  TerminateContractBody,
  UpdateContractBody,
} from '../../shared/contracts/contracts.ts';
import { ctxOf } from '../plugins/auth.ts';

const IfMatch = z.looseObject({
  'if-match': z.string().max(100).optional().describe('The revision you edited, as in the ETag ("3").'),
});
const etag = (contract: Contract) => `"${contract.revision}"`;

export const contractsRoutes: FastifyPluginAsyncZod<{ contracts: ContractsService }> = async (app, { contracts }) => {
  const tags = ['contracts'];

  app.post(
    '/contracts',
    {
      schema: {
        tags,
        summary: 'Create a retainer contract and post its initial grant (admin; account managers of the customer)',
        body: CreateContractBody,
        response: { 201: Contract, ...problemResponses },
      },
    },
    async (request, reply) => {
      const contract = await contracts.create(ctxOf(request), request.body);
      return reply.status(201).header('etag', etag(contract)).send(contract);
    },
  );

  app.get(
    '/contracts',
    {
      schema: {
        tags,
        summary: "List contracts, by customer and status (customer users: their own organisation's)",
        querystring: ContractListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(Contract), ...problemResponses },
      },
    },
    async (request) => contracts.list(ctxOf(request), request.query),
  );

  app.get(
    '/contracts/:id',
    {
      schema: {
        tags,
        summary: 'One contract with its settings',
        params: IdParam,
        response: { 200: Contract, ...problemResponses },
      },
    },
    async (request, reply) => {
      const contract = await contracts.get(ctxOf(request), request.params.id);
      return reply.header('etag', etag(contract)).send(contract);
    },
  );

  app.patch(
    '/contracts/:id',
    {
      schema: {
        tags,
        summary:
          'Edit number, term, units per hour or settings (merged) of a draft or active contract; If-Match or `revision` refuses a stale edit',
        params: IdParam,
        headers: IfMatch,
        body: UpdateContractBody,
        response: { 200: Contract, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { revision, ...patch } = request.body;
      const contract = await contracts.update(
        ctxOf(request),
        request.params.id,
        patch,
        expectedRevision(request.headers['if-match'], revision),
      );
      return reply.header('etag', etag(contract)).send(contract);
    },
  );

  app.post(
    '/contracts/:id/activate',
    {
      schema: {
        tags,
        summary: 'Activate a draft contract',
        params: IdParam,
        response: { 200: Contract, ...problemResponses },
      },
    },
    async (request) => contracts.activate(ctxOf(request), request.params.id),
  );

  app.post(
    '/contracts/:id/terminate',
    {
      schema: {
        tags,
        summary: 'End a contract early, with a reason (admin)',
        params: IdParam,
        body: TerminateContractBody,
        response: { 200: Contract, ...problemResponses },
      },
    },
    async (request) => contracts.terminate(ctxOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/contracts/:id/renew',
    {
      schema: {
        tags,
        summary: "Create the successor contract (next term); the rollover happens at this contract's term end",
        params: IdParam,
        body: RenewContractBody,
        response: { 201: Contract, ...problemResponses },
      },
    },
    async (request, reply) => {
      const contract = await contracts.renew(ctxOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', etag(contract)).send(contract);
    },
  );
};
