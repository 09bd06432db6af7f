import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_RECEIPT_BYTES, receiptTypes } from '../../shared/expenses.ts';
import { receiptTooLarge } from '../../core/expenses/expenses.checks.ts';
import type { ExpensesService } from '../../core/expenses/expenses.service.ts';
import { IdParam, PageQuery, problemResponses } from '../../shared/contracts/common.ts';
import {
  Expense,
  ExpenseFields,
  ExpenseForm,
  ExpenseListQuery,
  ExpensePage,
  ExpenseReport,
  ExpenseReportQuery,
  RejectExpenseBody,
} from '../../shared/contracts/expenses.ts';
import { ctxOf } from '../plugins/auth.ts';
import { multipartValidator, parseFields, readMultipart, registerUploads, sendStoredFile } from '../plugins/uploads.ts';

/** Travel and expenses: billed to the customer at cost, never drawn from the retainer. */
export const expensesRoutes: FastifyPluginAsyncZod<{ expenses: ExpensesService }> = async (app, { expenses }) => {
  await registerUploads(app, MAX_RECEIPT_BYTES);
  const tags = ['expenses'];

  app.post(
    '/engagements/:id/expenses',
    {
      schema: {
        tags,
        summary:
          'File an expense with its receipt (multipart; team members, IR managers, admins). Billed at cost, never from the retainer',
        description:
          'The receipt (field `receipt`) must be a PDF, PNG or JPEG by its content (422 RECEIPT_TYPE_NOT_ALLOWED), at most 10 MB (422 RECEIPT_TOO_LARGE). Consultants not on the team get 404.',
        params: IdParam,
        consumes: ['multipart/form-data'],
        body: ExpenseForm,
        response: { 201: Expense, ...problemResponses },
      },
      validatorCompiler: multipartValidator,
    },
    async (request, reply) => {
      const expense = await expenses.submit(ctxOf(request), request.params.id, async () => {
        const form = await readMultipart(request, {
          fileField: 'receipt',
          maxBytes: MAX_RECEIPT_BYTES,
          tooLarge: receiptTooLarge,
        });
        return { ...parseFields(ExpenseFields, form.fields), receipt: form.file };
      });
      return reply.status(201).send(expense);
    },
  );

  app.get(
    '/engagements/:id/expenses',
    {
      schema: {
        tags,
        summary: "An engagement's expenses, newest first, with totals per currency (customers: approved ones only)",
        params: IdParam,
        querystring: ExpenseListQuery.extend(PageQuery.shape),
        response: { 200: ExpensePage, ...problemResponses },
      },
    },
    async (request) => expenses.list(ctxOf(request), request.params.id, request.query),
  );

  app.get(
    '/expenses/:id',
    {
      schema: { tags, summary: 'One expense', params: IdParam, response: { 200: Expense, ...problemResponses } },
    },
    async (request) => expenses.get(ctxOf(request), request.params.id),
  );

  app.post(
    '/expenses/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a pending expense (IR managers, admins; not your own)',
        params: IdParam,
        response: { 200: Expense, ...problemResponses },
      },
    },
    async (request) => expenses.approve(ctxOf(request), request.params.id),
  );

  app.post(
    '/expenses/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a pending expense with a reason (IR managers, admins); the consultant is told',
        params: IdParam,
        body: RejectExpenseBody,
        response: { 200: Expense, ...problemResponses },
      },
    },
    async (request) => expenses.reject(ctxOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/expenses/:id/receipt',
    {
      schema: {
        tags,
        summary: 'Download the receipt (an attachment with the type detected from its content)',
        params: IdParam,
        produces: [...receiptTypes],
        response: { 200: z.file().describe('The receipt: PDF, PNG or JPEG.'), ...problemResponses },
      },
    },
    async (request, reply) => sendStoredFile(reply, await expenses.receipt(ctxOf(request), request.params.id)),
  );

  app.get(
    '/reports/expenses',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Expense totals per currency, approved and pending, by engagement (customers: their approved expenses)',
        querystring: ExpenseReportQuery,
        response: { 200: ExpenseReport, ...problemResponses },
      },
    },
    async (request) => expenses.report(ctxOf(request), request.query),
  );
};
