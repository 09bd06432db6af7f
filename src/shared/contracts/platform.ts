import { z } from 'zod';
import { Instant, InstantInput } from './common.ts';

export const AuditEvent = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    at: Instant,
    actorType: z.enum(['user', 'contact', 'system']),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    organizationId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    channel: z.string(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const AuditQuery = z.object({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  from: InstantInput.optional(),
  to: InstantInput.optional(),
});

export const MailboxItem = z
  .object({
    id: z.string(),
    messageId: z.string(),
    from: z.string(),
    to: z.array(z.string()),
    subject: z.string(),
    attachments: z
      .array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() }))
      .describe(
        'The files the message carries: name, content type (an invitation: text/calendar with its method) and size in bytes.',
      ),
    createdAt: Instant,
  })
  .meta({ id: 'MailboxItem' });

export const MailboxMessage = MailboxItem.extend({ text: z.string(), html: z.string() }).meta({ id: 'MailboxMessage' });

export const MailboxQuery = z.object({ to: z.string().max(320).optional() });

export const InboundItem = z
  .object({
    id: z.string(),
    messageId: z.string(),
    from: z.string(),
    envelopeFrom: z
      .string()
      .nullable()
      .describe('The SMTP envelope sender (MAIL FROM); empty for a bounce, null when not recorded.'),
    to: z.array(z.string()),
    subject: z.string(),
    automated: z.boolean(),
    receivedAt: Instant,
    handler: z.string().nullable(),
    outcome: z.string().nullable(),
    outcomeDetail: z.string().nullable(),
  })
  .meta({ id: 'InboundItem' });
