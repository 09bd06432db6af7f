import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TopUpsService } from '../../core/topups/topups.service.ts';
import { IdParam, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  DeclineTopUpBody,
  TopUpRequest,
  TopUpRequestBody,
  TopUpRequestIdParam,
  TopUpRequestParams,
  TopUpRequestQuery,
} from '../../shared/contracts/topups.ts';
import { TokenParam } from '../../shared/contracts/common.ts';
import { ctxOf, publicCtx } from '../plugins/auth.ts';

/** Customer top-up requests: asked in the portal or from a signed approval link, decided by the account team. */
export const topUpsRoutes: FastifyPluginAsyncZod<{ topUps: TopUpsService }> = async (app, { topUps }) => {
  const tags = ['top-up requests'];

  app.post(
    '/contracts/:id/topup-requests',
    {
      schema: {
        tags,
        summary: "Ask for more hours or units (the customer's point of contact, canApprove); the account team is told",
        params: IdParam,
        body: TopUpRequestBody,
        response: { 201: TopUpRequest, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await topUps.request(ctxOf(request), request.params.id, request.body)),
  );

  app.get(
    '/contracts/:id/topup-requests',
    {
      schema: {
        tags,
        summary: "A contract's top-up requests, newest first",
        params: IdParam,
        querystring: TopUpRequestQuery,
        response: { 200: pageOf(TopUpRequest), ...problemResponses },
      },
    },
    async (request) => topUps.listForContract(ctxOf(request), request.params.id, request.query),
  );

  app.get(
    '/topup-requests',
    {
      schema: {
        tags,
        summary: 'Top-up requests of every contract you read (e.g. ?status=pending), newest first',
        querystring: TopUpRequestQuery,
        response: { 200: pageOf(TopUpRequest), ...problemResponses },
      },
    },
    async (request) => topUps.list(ctxOf(request), request.query),
  );

  app.get(
    '/topup-requests/:requestId',
    {
      schema: {
        tags,
        summary: 'One top-up request',
        params: TopUpRequestIdParam,
        response: { 200: TopUpRequest, ...problemResponses },
      },
    },
    async (request) => topUps.get(ctxOf(request), request.params.requestId),
  );

  app.post(
    '/contracts/:id/topup-requests/:requestId/accept',
    {
      schema: {
        tags,
        summary:
          "Accept a pending request (admin; the customer's account managers): the top-up is posted once, the customer told; a second accept is 409 with the first's outcome",
        params: TopUpRequestParams,
        response: { 200: TopUpRequest, ...problemResponses },
      },
    },
    async (request) => topUps.accept(ctxOf(request), request.params.id, request.params.requestId),
  );

  app.post(
    '/contracts/:id/topup-requests/:requestId/decline',
    {
      schema: {
        tags,
        summary: "Decline a pending request with a reason the customer reads (admin; the customer's account managers)",
        params: TopUpRequestParams,
        body: DeclineTopUpBody,
        response: { 200: TopUpRequest, ...problemResponses },
      },
    },
    async (request) => topUps.decline(ctxOf(request), request.params.id, request.params.requestId, request.body),
  );

  app.post(
    '/contracts/:id/topup-requests/:requestId/withdraw',
    {
      schema: {
        tags,
        summary: "Withdraw a pending request (the customer's point of contact)",
        params: TopUpRequestParams,
        response: { 200: TopUpRequest, ...problemResponses },
      },
    },
    async (request) => topUps.withdraw(ctxOf(request), request.params.id, request.params.requestId),
  );

  app.post(
    '/approval-links/:token/topup-requests',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Ask for a top-up from a signed approval link (no sign-in): only on the contract of the EWO or change order the link was sent for',
        security: [],
        params: TokenParam,
        body: TopUpRequestBody,
        response: { 201: TopUpRequest, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await topUps.requestByLink(publicCtx(request), request.params.token, request.body)),
  );
};
