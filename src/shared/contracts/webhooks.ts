import { z } from 'zod';
import { webhookEventTypes } from '../webhooks.ts';
import { Instant } from './common.ts';

export const WebhookEventType = z.enum(webhookEventTypes).meta({
  id: 'WebhookEventType',
  description: 'an event a subscription may ask for (docs/operations.md, Webhooks)',
});

const WebhookUrl = z
  .string()
  .trim()
  .min(1, 'give the URL that receives the events')
  .max(2000, 'must be at most 2000 characters')
  .describe('where events are POSTed: https:// when the product is served over https; no private or loopback address');

const Events = z
  .array(WebhookEventType)
  .min(1, 'choose at least one event')
  .max(webhookEventTypes.length * 2, 'list each event once');

export const CreateWebhookBody = z.object({ url: WebhookUrl, events: Events });

export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: Events.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('false pauses deliveries; true resumes them, clearing the failures (queued events are then delivered)'),
  })
  .refine((b) => b.url !== undefined || b.events !== undefined || b.enabled !== undefined, {
    message: 'change at least one of url, events, enabled',
  });

export const WebhookSubscription = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(WebhookEventType),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: Instant.nullable(),
    consecutiveFailures: z.number().int().describe('failed attempts in a row since the last delivered one'),
    createdBy: z.string().describe('the admin who made it (told by email when it is disabled)'),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'WebhookSubscription' });

export const CreatedWebhook = WebhookSubscription.extend({
  secret: z
    .string()
    .describe('the signing secret (whsec_…), shown this once: keep it in the receiver to verify signatures'),
}).meta({ id: 'CreatedWebhook' });

export const WebhookList = z.object({ items: z.array(WebhookSubscription) }).meta({ id: 'WebhookList' });

export const WebhookAttempt = z
  .object({
    attempt: z.number().int(),
    status: z.enum(['delivered', 'failed']),
    responseCode: z.number().int().nullable().describe("the receiver's HTTP status; null when none came"),
    latencyMs: z.number().int(),
    error: z.string().nullable(),
    at: Instant,
  })
  .meta({ id: 'WebhookAttempt' });

export const WebhookMessage = z
  .object({
    id: z.string().describe('the webhook-id header: the same on every attempt and redelivery'),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    sending: z.boolean().describe('an attempt is running right now'),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: Instant.nullable(),
    createdAt: Instant,
    deliveredAt: Instant.nullable(),
    log: z.array(WebhookAttempt),
  })
  .meta({ id: 'WebhookMessage' });

export const WebhookMessageParams = z.object({
  id: z.string().min(1).max(64),
  messageId: z.string().min(1).max(64),
});
