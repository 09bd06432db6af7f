import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HomeService } from '../../core/home/home.service.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import { Home } from '../../shared/contracts/home.ts';
import { ctxOf } from '../plugins/auth.ts';

export const homeRoutes: FastifyPluginAsyncZod<{ home: HomeService }> = async (app, { home }) => {
  app.get(
    '/home',
    {
      schema: {
        tags: ['home'],
        summary: "The caller's home page: the cards of its role (customer, IR manager, consultant, account manager)",
        response: { 200: Home, ...problemResponses },
      },
    },
    async (request) => home.home(ctxOf(request)),
  );
};
