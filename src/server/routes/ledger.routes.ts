import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../core/context.ts';
import { ledgerCsvColumns } from '../../core/ledger/ledger.csv.ts';
import type { LedgerService, PostingResult } from '../../core/ledger/ledger.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  AdjustmentBody,
  Balance,
  LedgerEntry,
  LedgerExport,
  LedgerQuery,
  PostingResponse,
  ReversalBody,
  TopUpBody,
} from '../../shared/contracts/ledger.ts';
import { ctxOf } from '../plugins/auth.ts';
import { sendCsv } from './csv-reply.ts';
import type { RouteApp } from './route-app.ts';

/** Keys starting with "imr:" are the product's own (term end); clients choose any other. */
const IdempotencyKeyHeader = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((k) => !k.startsWith('imr:'), 'keys starting with "imr:" are reserved')
    .optional()
    .describe(
      'Makes the posting safe to retry: the same key with the same body returns the first result; with another body, 409.',
    ),
});

export const ledgerRoutes: FastifyPluginAsyncZod<{ ledger: LedgerService }> = async (app, { ledger }) => {
  registerPostingRoutes(app, ledger);
  registerLedgerReadRoutes(app, ledger);
};

/** Postings a person makes by hand: top-ups, adjustments, reversals (idempotent by key). */
function registerPostingRoutes(app: RouteApp, ledger: LedgerService): void {
  const tags = ['ledger'];

  const postings = [
    {
      path: 'top-ups',
      body: TopUpBody,
      run: ledger.topUp,
      summary: 'Record units bought (admin; account managers of the customer); the contract must be active',
    },
    {
      path: 'adjustments',
      body: AdjustmentBody,
      run: ledger.adjust,
      summary: 'Correct the balance up or down, with a reason (admin)',
    },
    {
      path: 'reversals',
      body: ReversalBody,
      run: ledger.reverse,
      summary: "Reverse one earlier entry, with a reason (admin); it counts as that entry's negation",
    },
  ] as const;
  for (const p of postings) {
    app.post(
      `/contracts/:id/${p.path}`,
      {
        schema: {
          tags,
          summary: p.summary,
          params: IdParam,
          headers: IdempotencyKeyHeader,
          body: p.body,
          response: { 201: PostingResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await (p.run as (ctx: Ctx, id: string, body: unknown, key?: string) => Promise<PostingResult>)(
          ctxOf(request),
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(201).send({ contractId: result.contractId, entry: result.entry });
      },
    );
  }
}

/** The balance, the entries and their CSV export. */
function registerLedgerReadRoutes(app: RouteApp, ledger: LedgerService): void {
  const tags = ['ledger'];

  app.get(
    '/contracts/:id/balance',
    {
      schema: {
        tags,
        summary: 'The balance now: totals by kind, reserved, available, burn rate, term end and forecast depletion',
        params: IdParam,
        response: { 200: Balance, ...problemResponses },
      },
    },
    async (request) => ledger.balance(ctxOf(request), request.params.id),
  );

  app.get(
    '/contracts/:id/ledger',
    {
      schema: {
        tags,
        summary:
          'Ledger entries in order, filtered by kind and days; ?format=csv gives every matching entry as one spreadsheet',
        params: IdParam,
        querystring: LedgerQuery.extend(PageQuery.shape),
        produces: ['application/json', 'text/csv'],
        response: {
          200: pageOf(LedgerEntry).describe(
            'JSON page; with format=csv a text/csv document with the columns ' +
              ledgerCsvColumns.join(', ') +
              " (dates and times in the customer's time zone; the balance and reserved effects are signed ledger units that sum to the balance and to what is reserved)",
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { format, limit, cursor, kind, from, to } = request.query;
      const filter = { ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
      if (format !== 'csv') {
        const page = await ledger.entries(ctxOf(request), request.params.id, {
          ...filter,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return { items: page.items, nextCursor: page.nextCursor };
      }
      return sendCsv(reply, await ledger.ledgerCsv(ctxOf(request), request.params.id, filter));
    },
  );

  app.get(
    '/contracts/:id/ledger/export',
    {
      schema: {
        tags,
        summary: 'The whole hash-chained ledger as JSON, verifiable offline with `imr ledger verify FILE`',
        params: IdParam,
        response: { 200: LedgerExport, ...problemResponses },
      },
    },
    async (request) => ledger.exportLedger(ctxOf(request), request.params.id),
  );
}
