import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { csvRow } from '../../core/invoicing/invoicing.views.ts';
import type { InvoicingService } from '../../core/invoicing/invoicing.service.ts';
import { IdParam, problemResponses } from '../../shared/contracts/common.ts';
import {
  BillingPdfQuery,
  BillingRun,
  BillingRunBatch,
  BillingRunList,
  ContinueBillingBody,
  BillingRunQuery,
  billingCsvColumns,
  CustomerLinesParams,
  InvoicedLines,
  InvoiceNumberBody,
  LineParams,
  RunBillingBody,
} from '../../shared/contracts/invoicing.ts';
import { ctxOf } from '../plugins/auth.ts';
import { sendCsv } from './csv-reply.ts';
import { pdfResponse, sendPdf } from './pdf-reply.ts';

const csvDescription =
  'JSON; with format=csv a text/csv document, one row per line, with the columns ' +
  billingCsvColumns.join(', ') +
  ' (amounts in integer minor units; cells starting with = + - @, a tab or a carriage return are prefixed with an apostrophe)';

/** Billing exports for invoicing (admins and account managers): runs, CSV, PDF, invoice numbers. */
export const invoicingRoutes: FastifyPluginAsyncZod<{ invoicing: InvoicingService }> = async (app, { invoicing }) => {
  const tags = ['billing'];

  registerRunRoutes(app, invoicing);

  app.get(
    '/billing/runs',
    {
      schema: {
        tags,
        summary: 'Every billing run, newest first, with totals by currency; and the contracts whose terms are missing',
        response: { 200: BillingRunList, ...problemResponses },
      },
    },
    async (request) => invoicing.list(ctxOf(request)),
  );

  app.get(
    '/billing/runs/:id',
    {
      schema: {
        tags,
        summary: 'One billing run with its lines; ?format=csv for the CSV a finance system imports',
        params: IdParam,
        querystring: BillingRunQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: BillingRun.describe(csvDescription), ...problemResponses },
      },
    },
    async (request, reply) => {
      const run = await invoicing.get(ctxOf(request), request.params.id);
      if (request.query.format !== 'csv') return run;
      return sendCsv(reply, {
        filename: `billing-${run.period}.csv`,
        columns: billingCsvColumns,
        rows: run.lines.map(csvRow),
      });
    },
  );

  app.get(
    '/billing/runs/:id/pdf',
    {
      schema: {
        tags,
        summary: "The run's billing summary on the firm's letterhead, a page per customer (or ?customerId= one)",
        params: IdParam,
        querystring: BillingPdfQuery,
        produces: ['application/pdf', 'application/json'],
        response: { 200: pdfResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await invoicing.pdf(ctxOf(request), request.params.id, request.query.customerId);
      const pdf = { filename: file.filename, version: null, contentHash: '', content: file.content };
      return sendPdf(reply, pdf, request.query.format);
    },
  );

  app.patch(
    '/billing/runs/:id/lines/:lineId',
    {
      schema: {
        tags,
        summary: "Record a line's invoice number (once; audited)",
        description: 'A line that has an invoice number never changes: 409 LINE_INVOICED.',
        params: LineParams,
        body: InvoiceNumberBody,
        response: { 200: InvoicedLines, ...problemResponses },
      },
    },
    async (request) =>
      invoicing.recordInvoiceNumber(
        ctxOf(request),
        request.params.id,
        { lineId: request.params.lineId },
        request.body.invoiceNumber,
      ),
  );

  app.patch(
    '/billing/runs/:id/customers/:customerId',
    {
      schema: {
        tags,
        summary: 'Record one invoice number on every line of one customer in the run (once; audited)',
        description: 'If any of those lines has an invoice number already: 409 LINE_INVOICED, nothing written.',
        params: CustomerLinesParams,
        body: InvoiceNumberBody,
        response: { 200: InvoicedLines, ...problemResponses },
      },
    },
    async (request) =>
      invoicing.recordInvoiceNumber(
        ctxOf(request),
        request.params.id,
        { customerId: request.params.customerId },
        request.body.invoiceNumber,
      ),
  );
};

/** Starting a run, and its next batches. */
function registerRunRoutes(app: Parameters<typeof invoicingRoutes>[0], invoicing: InvoicingService): void {
  const tags = ['billing'];

  app.post(
    '/billing/runs',
    {
      schema: {
        tags,
        summary: 'Bill a period: every invoiceable item of the month not exported before becomes a line, once',
        description:
          'A period that has not ended yet is 422 BILLING_PERIOD_NOT_ENDED. A second run of the same period has no lines.',
        body: RunBillingBody,
        response: { 201: BillingRunBatch, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await invoicing.run(ctxOf(request), request.body.period, { limit: request.body.limit })),
  );

  app.post(
    '/billing/runs/:id/continue',
    {
      schema: {
        tags,
        summary: 'Bill the next contracts of a run started with a limit, into the same run',
        params: IdParam,
        body: ContinueBillingBody,
        response: { 200: BillingRunBatch, ...problemResponses },
      },
    },
    async (request) => invoicing.continue(ctxOf(request), request.params.id, request.body),
  );
}
