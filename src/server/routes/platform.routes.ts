import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditService } from '../../core/audit/audit.service.ts';
import type { InboundService } from '../../core/inbound/inbound.service.ts';
import type { MailboxService } from '../../core/mail/mailbox.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  AuditEvent,
  AuditQuery,
  InboundItem,
  MailboxItem,
  MailboxMessage,
  MailboxQuery,
} from '../../shared/contracts/platform.ts';
import { ctxOf } from '../plugins/auth.ts';
import type { RouteApp } from './route-app.ts';

export const platformRoutes: FastifyPluginAsyncZod<{
  audit: AuditService;
  mailbox: MailboxService;
  inbound: InboundService;
}> = async (app, { audit, mailbox, inbound }) => {
  registerAuditRoutes(app, audit);
  registerMailboxRoutes(app, mailbox);
  registerInboundMailRoutes(app, inbound);
};

/** The audit trail. */
function registerAuditRoutes(app: RouteApp, audit: AuditService): void {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (admin)',
        querystring: AuditQuery.extend(PageQuery.shape),
        response: { 200: pageOf(AuditEvent), ...problemResponses },
      },
    },
    async (request) => {
      const { from, to, ...filters } = request.query;
      const page = await audit.list(ctxOf(request), {
        ...filters,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((r) => ({
          id: r.id,
          seq: r.seq,
          at: r.at,
          actorType: r.actor_type,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          organizationId: r.organization_id,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
          channel: r.channel,
          requestId: r.request_id,
          ip: r.ip,
        })),
      };
    },
  );
}

/** The local mailbox: what the product sent while no SMTP server is set. */
function registerMailboxRoutes(app: RouteApp, mailbox: MailboxService): void {
  const mailTags = ['mailbox'];
  const item = (message: {
    id: string;
    message_id: string;
    from_address: string;
    to_addresses: string[];
    subject: string;
    attachments: { filename: string; contentType: string; size: number }[];
    created_at: Date;
  }) => ({
    id: message.id,
    messageId: message.message_id,
    from: message.from_address,
    to: message.to_addresses,
    subject: message.subject,
    attachments: message.attachments,
    createdAt: message.created_at,
  });

  app.get(
    '/mailbox',
    {
      schema: {
        tags: mailTags,
        summary: 'The local mailbox: every message sent while no SMTP server is configured (admin)',
        querystring: MailboxQuery.extend(PageQuery.shape),
        response: { 200: pageOf(MailboxItem), ...problemResponses },
      },
    },
    async (request) => {
      const page = await mailbox.list(ctxOf(request), request.query);
      return { items: page.items.map(item), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/mailbox/:id',
    {
      schema: {
        tags: mailTags,
        summary: 'One message with its text and HTML parts (admin)',
        params: IdParam,
        response: { 200: MailboxMessage, ...problemResponses },
      },
    },
    async (request) => {
      const message = await mailbox.get(ctxOf(request), request.params.id);
      return { ...item(message), text: message.text_body, html: message.html_body };
    },
  );

  app.get(
    '/mailbox/:id/raw',
    {
      schema: {
        tags: mailTags,
        summary: 'The RFC 5322 source of one message, attachments included (admin)',
        params: IdParam,
        produces: ['message/rfc822'],
        response: { 200: z.string(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const message = await mailbox.get(ctxOf(request), request.params.id);
      return reply.type('message/rfc822').send(message.raw);
    },
  );
}

/** Email replies received, and what became of them. */
function registerInboundMailRoutes(app: RouteApp, inbound: InboundService): void {
  const mailTags = ['mailbox'];

  app.get(
    '/inbound-mail',
    {
      schema: {
        tags: mailTags,
        summary: 'Mail received at MAIL_IN_DOMAIN and what was done with it (admin)',
        querystring: PageQuery,
        response: { 200: pageOf(InboundItem), ...problemResponses },
      },
    },
    async (request) => {
      const page = await inbound.list(ctxOf(request), request.query);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((r) => ({
          id: r.id,
          messageId: r.message_id,
          from: r.from_address,
          envelopeFrom: r.envelope_from,
          to: r.to_addresses,
          subject: r.subject,
          automated: r.automated,
          receivedAt: r.received_at,
          handler: r.handler,
          outcome: r.outcome,
          outcomeDetail: r.outcome_detail,
        })),
      };
    },
  );
}
