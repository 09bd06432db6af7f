import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SuggestService } from '../../core/staffing/suggest.ts';
import { IdParam, problemResponses } from '../../shared/contracts/common.ts';
import { StaffingSuggestions, SuggestionsQuery } from '../../shared/contracts/staffing-suggest.ts';
import { ctxOf } from '../plugins/auth.ts';

const why =
  'ranked by skills, availability in the planned window, time-zone overlap (remote), distance (on site), load and certifications, ' +
  'each with a sentence; who cannot serve is listed apart with the reason (admin, IR manager, account manager)';

export const staffingSuggestRoutes: FastifyPluginAsyncZod<{ suggest: SuggestService }> = async (app, { suggest }) => {
  const tags = ['staffing'];
  const schema = (summary: string) => ({
    tags,
    summary,
    params: IdParam,
    querystring: SuggestionsQuery,
    response: { 200: StaffingSuggestions, ...problemResponses },
  });
  app.get(
    '/engagements/:id/staffing-suggestions',
    { schema: schema(`Consultants suggested for an engagement: ${why}`) },
    async (request) => suggest.forEngagement(ctxOf(request), request.params.id, request.query),
  );
  app.get(
    '/work-orders/:id/staffing-suggestions',
    { schema: schema(`Consultants suggested for an EWO draft: ${why}`) },
    async (request) => suggest.forWorkOrder(ctxOf(request), request.params.id, request.query),
  );
  app.get(
    '/requests/:id/staffing-suggestions',
    { schema: schema(`Consultants suggested for a request before any EWO exists: ${why}`) },
    async (request) => suggest.forRequest(ctxOf(request), request.params.id, request.query),
  );
};
