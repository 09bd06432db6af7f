import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CatalogService } from '../../core/catalog/catalog.service.ts';
import {
  CatalogItem,
  CatalogListQuery,
  CreateCatalogItemBody,
  UpdateCatalogItemBody,
} from '../../shared/contracts/catalog.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf } from '../plugins/auth.ts';

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogService }> = async (app, { catalog }) => {
  const tags = ['catalog'];
  app.get(
    '/catalog',
    {
      schema: {
        tags,
        summary: 'The service catalog (customers: active items only)',
        querystring: CatalogListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(CatalogItem), ...problemResponses },
      },
    },
    async (request) => catalog.list(ctxOf(request), request.query),
  );

  app.get(
    '/catalog/:id',
    {
      schema: {
        tags,
        summary: 'One catalog item',
        params: IdParam,
        response: { 200: CatalogItem, ...problemResponses },
      },
    },
    async (request) => catalog.get(ctxOf(request), request.params.id),
  );

  app.post(
    '/catalog',
    {
      schema: {
        tags,
        summary: 'Add a service to the catalog (admin)',
        body: CreateCatalogItemBody,
        response: { 201: CatalogItem, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.create(ctxOf(request), request.body)),
  );

  app.patch(
    '/catalog/:id',
    {
      schema: {
        tags,
        summary: 'Edit a catalog item (admin); requests already received keep their lead time',
        params: IdParam,
        body: UpdateCatalogItemBody,
        response: { 200: CatalogItem, ...problemResponses },
      },
    },
    async (request) => catalog.update(ctxOf(request), request.params.id, request.body),
  );
};
