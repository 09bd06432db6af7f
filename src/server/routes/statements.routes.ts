import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StatementsService } from '../../core/statements/statements.service.ts';
import { IdParam, problemResponses } from '../../shared/contracts/common.ts';
import {
  RunStatementsBody,
  RunStatementsResult,
  SendStatementBody,
  SendStatementResult,
  Statement,
  StatementList,
  StatementPreview,
  StatementPreviewQuery,
} from '../../shared/contracts/statements.ts';
import { ctxOf } from '../plugins/auth.ts';
import { pdfResponse, sendPdf } from './pdf-reply.ts';

/** Monthly statements: listed per contract, read, downloaded as PDF, previewed, re-sent, run by admins. */
export const statementsRoutes: FastifyPluginAsyncZod<{ statements: StatementsService }> = async (
  app,
  { statements },
) => {
  const tags = ['statements'];

  app.get(
    '/contracts/:id/statements',
    {
      schema: {
        tags,
        summary: "A contract's statements, newest first, with each recipient's delivery state",
        params: IdParam,
        response: { 200: StatementList, ...problemResponses },
      },
    },
    async (request) => statements.list(ctxOf(request), request.params.id),
  );

  app.get(
    '/contracts/:id/statement-preview',
    {
      schema: {
        tags,
        summary:
          'The figures a statement of a period would show, computed now and not stored (default: this month to date)',
        description:
          'A period before the contract began or after the current month is 422 STATEMENT_PERIOD_OUT_OF_RANGE with the allowed range.',
        params: IdParam,
        querystring: StatementPreviewQuery,
        response: { 200: StatementPreview, ...problemResponses },
      },
    },
    async (request) => statements.preview(ctxOf(request), request.params.id, request.query.period),
  );

  app.get(
    '/statements/:id',
    {
      schema: {
        tags,
        summary: "One statement's frozen figures",
        params: IdParam,
        response: { 200: Statement, ...problemResponses },
      },
    },
    async (request) => statements.get(ctxOf(request), request.params.id),
  );

  app.get(
    '/statements/:id/pdf',
    {
      schema: {
        tags,
        summary: "The statement's PDF, as issued (`?format=base64`: JSON with the bytes in base64, for the CLI)",
        params: IdParam,
        querystring: z.object({ format: z.enum(['pdf', 'base64']).default('pdf') }),
        produces: ['application/pdf', 'application/json'],
        response: { 200: pdfResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await statements.pdf(ctxOf(request), request.params.id);
      const pdf = { filename: file.name, version: null, contentHash: file.sha256, content: file.content };
      return sendPdf(reply, pdf, request.query.format);
    },
  );

  app.post(
    '/statements/:id/send',
    {
      schema: {
        tags,
        summary: 'Re-send a statement to chosen contacts of its customer (staff who manage the contract; audited)',
        description: 'A contact of another customer is 404, as a missing one.',
        params: IdParam,
        body: SendStatementBody,
        response: { 200: SendStatementResult, ...problemResponses },
      },
    },
    async (request) => statements.resend(ctxOf(request), request.params.id, request.body.contactIds),
  );

  app.post(
    '/statements/run',
    {
      schema: {
        tags,
        summary: 'Issue what is missing of a period (admins); reports what was issued and skipped, with reasons',
        description:
          'A period that has not ended anywhere, or before every contract began, is 422 STATEMENT_PERIOD_OUT_OF_RANGE with the allowed range.',
        body: RunStatementsBody,
        response: { 200: RunStatementsResult, ...problemResponses },
      },
    },
    async (request) => statements.run(ctxOf(request), request.body.period, { limit: request.body.limit }),
  );
};
