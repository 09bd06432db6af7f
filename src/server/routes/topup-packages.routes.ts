import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TopUpsService } from '../../core/topups/topups.service.ts';
import { IdParam, problemResponses } from '../../shared/contracts/common.ts';
import {
  CreateTopUpPackageBody,
  OfferedTopUpPackage,
  TopUpPackage,
  TopUpPackageQuery,
  UpdateTopUpPackageBody,
} from '../../shared/contracts/topups.ts';
import { ctxOf } from '../plugins/auth.ts';

/** The firm's top-up packages (staff keep them) and the ones a contract's customer may ask for. */
export const topUpPackagesRoutes: FastifyPluginAsyncZod<{ topUps: TopUpsService }> = async (app, { topUps }) => {
  const tags = ['top-up requests'];

  app.get(
    '/topup-packages',
    {
      schema: {
        tags,
        summary: "The firm's top-up packages, active and retired (staff who see money)",
        querystring: TopUpPackageQuery,
        response: { 200: z.object({ items: z.array(TopUpPackage) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await topUps.packages.list(
        ctxOf(request),
        request.query.active === undefined ? {} : { active: request.query.active },
      ),
    }),
  );

  app.post(
    '/topup-packages',
    {
      schema: {
        tags,
        summary: 'Add a top-up package (admins, account managers): a quantity with a price per currency',
        body: CreateTopUpPackageBody,
        response: { 201: TopUpPackage, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await topUps.packages.create(ctxOf(request), request.body)),
  );

  app.patch(
    '/topup-packages/:id',
    {
      schema: {
        tags,
        summary:
          'Rename, reprice, retire or reactivate a package (admins, account managers); requests already made keep their price',
        params: IdParam,
        body: UpdateTopUpPackageBody,
        response: { 200: TopUpPackage, ...problemResponses },
      },
    },
    async (request) => topUps.packages.update(ctxOf(request), request.params.id, request.body),
  );

  app.get(
    '/contracts/:id/topup-packages',
    {
      schema: {
        tags,
        summary:
          "The packages this contract's customer may ask for: active, of its unit, priced in its currency (the price shown is that one)",
        params: IdParam,
        response: { 200: z.object({ items: z.array(OfferedTopUpPackage) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await topUps.packages.offered(ctxOf(request), request.params.id) }),
  );
};
