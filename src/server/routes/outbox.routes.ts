import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OutboxEntry, OutboxQueue } from '../../core/mail/outbox-queue.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  OutboxMessage,
  OutboxQuery,
  OutboxSummary,
  RetryAllBody,
  RetryAllResult,
} from '../../shared/contracts/outbox.ts';
import { ctxOf } from '../plugins/auth.ts';

const present = (r: OutboxEntry) => ({
  id: r.id,
  messageId: r.message_id,
  topic: r.topic,
  subject: r.subject,
  to: r.to,
  cc: r.cc ?? [],
  status: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  nextAttemptAt: r.nextAttemptAt,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

/** The outbox for admins: what waits, what fails and why; retry after an outage. */
export const outboxRoutes: FastifyPluginAsyncZod<{ outboxQueue: OutboxQueue }> = async (app, { outboxQueue }) => {
  const tags = ['mailbox'];

  app.get(
    '/outbox',
    {
      schema: {
        tags,
        summary: 'Outgoing messages, newest first, with their delivery state and last error (admin)',
        querystring: OutboxQuery.extend(PageQuery.shape),
        response: { 200: pageOf(OutboxMessage), ...problemResponses },
      },
    },
    async (request) => {
      const { status, ...page } = request.query;
      const r = await outboxQueue.list(ctxOf(request), { ...page, ...(status ? { state: status } : {}) });
      return { items: r.items.map(present), nextCursor: r.nextCursor };
    },
  );

  app.get(
    '/outbox/summary',
    {
      schema: {
        tags,
        summary: 'How many outgoing messages are in each state, and where mail goes (admin)',
        response: { 200: OutboxSummary, ...problemResponses },
      },
    },
    async (request) => outboxQueue.summary(ctxOf(request)),
  );

  app.post(
    '/outbox/retry',
    {
      schema: {
        tags,
        summary: 'Send every failed (or every failing) message again now, e.g. after fixing SMTP_URL (admin; audited)',
        body: RetryAllBody,
        response: { 200: RetryAllResult, ...problemResponses },
      },
    },
    async (request) => outboxQueue.retryAll(ctxOf(request), request.body.status),
  );

  app.post(
    '/outbox/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed or failing message again now (admin; audited)',
        params: IdParam,
        response: { 200: OutboxMessage, ...problemResponses },
      },
    },
    async (request) => present(await outboxQueue.retry(ctxOf(request), request.params.id)),
  );
};
