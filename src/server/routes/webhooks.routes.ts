import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WebhooksService } from '../../core/webhooks/webhooks.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  CreatedWebhook,
  CreateWebhookBody,
  UpdateWebhookBody,
  WebhookList,
  WebhookMessage,
  WebhookMessageParams,
  WebhookSubscription,
} from '../../shared/contracts/webhooks.ts';
import { ctxOf } from '../plugins/auth.ts';

/** Signed webhooks (admin): subscriptions, their delivery log, a test event, redelivery of one message. */
export const webhooksRoutes: FastifyPluginAsyncZod<{ webhooks: WebhooksService }> = async (app, { webhooks }) => {
  const tags = ['webhooks'];

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the signing secret is in the answer, this once (admin; audited)',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhook, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.create(ctxOf(request), request.body)),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Every webhook subscription (admin)',
        response: { 200: WebhookList, ...problemResponses },
      },
    },
    async (request) => ({ items: await webhooks.list(ctxOf(request)) }),
  );

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One webhook subscription, without its secret (admin)',
        params: IdParam,
        response: { 200: WebhookSubscription, ...problemResponses },
      },
    },
    async (request) => webhooks.get(ctxOf(request), request.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change the URL or events, or disable / enable a subscription (admin; audited)',
        params: IdParam,
        body: UpdateWebhookBody,
        response: { 200: WebhookSubscription, ...problemResponses },
      },
    },
    async (request) => webhooks.update(ctxOf(request), request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a subscription with its queued events and delivery log (admin; audited)',
        params: IdParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await webhooks.remove(ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: "A subscription's delivery log: its events newest first, each with every attempt (admin)",
        params: IdParam,
        querystring: PageQuery,
        response: { 200: pageOf(WebhookMessage), ...problemResponses },
      },
    },
    async (request) => webhooks.deliveries(ctxOf(request), request.params.id, request.query),
  );

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Queue a signed webhook.test event for this subscription (admin; audited)',
        params: IdParam,
        response: { 202: WebhookMessage, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await webhooks.sendTest(ctxOf(request), request.params.id)),
  );

  app.post(
    '/webhooks/:id/deliveries/:messageId/redeliver',
    {
      schema: {
        tags,
        summary: 'Deliver one event again now, with the same webhook-id (admin; audited)',
        params: WebhookMessageParams,
        response: { 202: WebhookMessage, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await webhooks.redeliver(ctxOf(request), request.params.id, request.params.messageId)),
  );
};
