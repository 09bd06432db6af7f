import { z } from 'zod';
import { Instant } from './common.ts';

/** States of an outgoing message (`outboxState` in core/mail/mail.rules.ts decides them). */
export const OutboxStatus = z.enum(['queued', 'sending', 'failing', 'delivered', 'failed']).meta({
  id: 'OutboxStatus',
  description:
    'queued: waiting for its first attempt; sending: being sent now; failing: attempts failed, another is scheduled; delivered; failed: refused for good (retry it by hand)',
});

export const OutboxMessage = z
  .object({
    id: z.string(),
    messageId: z.string().describe('the Message-ID header the message is sent with'),
    topic: z.string().describe('what the message is about, e.g. user.invited'),
    subject: z.string(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    status: OutboxStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable().describe("the last failed attempt's error, without credentials"),
    nextAttemptAt: Instant.nullable().describe('when the next attempt is due (queued and failing messages)'),
    createdAt: Instant,
    deliveredAt: Instant.nullable(),
  })
  .meta({ id: 'OutboxMessage' });

export const OutboxQuery = z.object({ status: OutboxStatus.optional() });

export const OutboxSummary = z
  .object({
    queued: z.number().int(),
    sending: z.number().int(),
    failing: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    oldestWaitingSince: Instant.nullable().describe(
      'when the oldest message not yet delivered (nor failed) was written',
    ),
    transport: z.enum(['smtp', 'mailbox']).describe('smtp: an SMTP server (SMTP_URL); mailbox: the local mailbox'),
  })
  .meta({ id: 'OutboxSummary' });

export const RetryAllBody = z.object({
  status: z.enum(['failed', 'failing']).describe('retry every message in this state now'),
});

export const RetryAllResult = z.object({ retried: z.number().int() }).meta({ id: 'OutboxRetryAllResult' });
