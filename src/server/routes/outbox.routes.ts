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

const present = (entry: OutboxEntry) => ({
  id: entry.id,
  messageId: entry.message_id,
  topic: entry.topic,
  subject: entry.subject,
  to: entry.to,
  cc: entry.cc ?? [],
  status: entry.state,
  attempts: entry.attempts,
  lastError: entry.last_error,
  nextAttemptAt: entry.nextAttemptAt,
  createdAt: entry.created_at,
  deliveredAt: entry.delivered_at,
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
      const result = await outboxQueue.list(ctxOf(request), { ...page, ...(status ? { state: status } : {}) });
      return { items: result.items.map(present), nextCursor: result.nextCursor };
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
