import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EffortService } from '../../core/effort/effort.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  DeleteEffortQuery,
  EffortEntry,
  EffortListQuery,
  EffortResponse,
  EngagementEffort,
  LogEffortBody,
  UpdateEffortBody,
} from '../../shared/contracts/effort.ts';
import { ctxOf } from '../plugins/auth.ts';

const EffortKeyHeader = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Makes logging safe to retry: the same key and body return the first entry; another body, 409.'),
});

export const effortRoutes: FastifyPluginAsyncZod<{ effort: EffortService }> = async (app, { effort }) => {
  const tags = ['effort'];

  app.post(
    '/engagements/:id/effort',
    {
      schema: {
        tags,
        summary:
          'Log effort (team members, IR managers): rounded and converted by the contract, consumed at once on time and materials, or held past estimate + tolerance (warning ESTIMATE_EXCEEDED)',
        params: IdParam,
        headers: EffortKeyHeader,
        body: LogEffortBody,
        response: { 201: EffortResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { replayed, ...posted } = await effort.logEffort(
        ctxOf(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(posted);
    },
  );

  app.get(
    '/engagements/:id/effort',
    {
      schema: {
        tags,
        summary:
          "An engagement's effort: totals by status and activity; entries for staff, and for customers when the contract shows them effort detail",
        params: IdParam,
        querystring: PageQuery.extend({ includeCorrected: z.enum(['true', 'false']).optional() }),
        response: { 200: EngagementEffort, ...problemResponses },
      },
    },
    async (request) => {
      const { includeCorrected, ...page } = request.query;
      return effort.engagementEffort(ctxOf(request), request.params.id, {
        ...page,
        includeCorrected: includeCorrected === 'true',
      });
    },
  );

  app.get(
    '/effort',
    {
      schema: {
        tags,
        summary: 'Timesheets: effort entries by work date, per user (consultants: their own) and date range',
        querystring: EffortListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(EffortEntry), ...problemResponses },
      },
    },
    async (request) => {
      const { includeCorrected, ...rest } = request.query;
      return effort.timesheet(ctxOf(request), { ...rest, includeCorrected: includeCorrected === 'true' });
    },
  );

  app.patch(
    '/effort/:id',
    {
      schema: {
        tags,
        summary:
          'Correct an entry: its consumption is reversed on the ledger and a new entry takes its place (the ledger keeps both)',
        params: IdParam,
        body: UpdateEffortBody,
        response: { 200: EffortEntry, ...problemResponses },
      },
    },
    async (request) => {
      const { reason, ...change } = request.body;
      return effort.correct(ctxOf(request), request.params.id, change, reason);
    },
  );

  app.delete(
    '/effort/:id',
    {
      schema: {
        tags,
        summary: 'Remove an entry: its consumption is reversed on the ledger; the entry stays, marked deleted',
        params: IdParam,
        querystring: DeleteEffortQuery,
        response: { 200: EffortEntry, ...problemResponses },
      },
    },
    async (request) => effort.correct(ctxOf(request), request.params.id, null, request.query.reason),
  );
};
