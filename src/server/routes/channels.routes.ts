import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ChannelsService } from '../../core/channels/channels.service.ts';
import { ContractMessagePage } from '../../shared/contracts/channels.ts';
import { IdParam, PageQuery, problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf } from '../plugins/auth.ts';

export const channelsRoutes: FastifyPluginAsyncZod<{ channels: ChannelsService }> = async (app, { channels }) => {
  app.get(
    '/contracts/:id/messages',
    {
      schema: {
        tags: ['contracts'],
        summary:
          "The messages about a contract (statements, term-end reminders, consumption alerts, answers), newest first, with their delivery state (the firm's staff)",
        params: IdParam,
        querystring: PageQuery,
        response: { 200: ContractMessagePage, ...problemResponses },
      },
    },
    async (request) => channels.contractMessages(ctxOf(request), request.params.id, request.query),
  );
};
