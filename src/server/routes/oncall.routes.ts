import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OncallService } from '../../core/staffing/oncall.service.ts';
import { IdParam, Ok, problemResponses } from '../../shared/contracts/common.ts';
import {
  CreateRotaBody,
  CreateShiftBody,
  OncallNow,
  OncallRota,
  OncallShift,
  ShiftsQuery,
  UpdateRotaBody,
  UpdateShiftBody,
} from '../../shared/contracts/oncall.ts';
import { ctxOf } from '../plugins/auth.ts';

export const oncallRoutes: FastifyPluginAsyncZod<{ oncall: OncallService }> = async (app, { oncall }) => {
  const tags = ['oncall'];
  app.get(
    '/oncall/now',
    {
      schema: {
        tags,
        summary: 'Who holds the pager now, until when, the next one, and coverage gaps of the next 14 days (staff)',
        response: { 200: OncallNow, ...problemResponses },
      },
    },
    async (request) => oncall.now(ctxOf(request)),
  );
  app.get(
    '/oncall/rotas',
    {
      schema: {
        tags,
        summary: 'On-call rotas (staff)',
        response: { 200: z.object({ items: z.array(OncallRota) }), ...problemResponses },
      },
    },
    async (request) => oncall.listRotas(ctxOf(request)),
  );
  app.post(
    '/oncall/rotas',
    {
      schema: {
        tags,
        summary: 'Create an on-call rota (IR manager, admin)',
        body: CreateRotaBody,
        response: { 201: OncallRota, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await oncall.createRota(ctxOf(request), request.body)),
  );
  app.patch(
    '/oncall/rotas/:id',
    {
      schema: {
        tags,
        summary: 'Rename, describe, activate or deactivate a rota (IR manager, admin)',
        params: IdParam,
        body: UpdateRotaBody,
        response: { 200: OncallRota, ...problemResponses },
      },
    },
    async (request) => oncall.updateRota(ctxOf(request), request.params.id, request.body),
  );
  app.delete(
    '/oncall/rotas/:id',
    {
      schema: {
        tags,
        summary: 'Delete a rota and its shifts (IR manager, admin)',
        params: IdParam,
        response: { 200: Ok, ...problemResponses },
      },
    },
    async (request) => oncall.deleteRota(ctxOf(request), request.params.id),
  );
  app.get(
    '/oncall/rotas/:id/shifts',
    {
      schema: {
        tags,
        summary: "A rota's shifts in a range (default the next 14 days) (staff)",
        params: IdParam,
        querystring: ShiftsQuery,
        response: { 200: z.object({ items: z.array(OncallShift) }), ...problemResponses },
      },
    },
    async (request) => oncall.listShifts(ctxOf(request), request.params.id, request.query),
  );
  app.post(
    '/oncall/rotas/:id/shifts',
    {
      schema: {
        tags,
        summary: 'Add a shift; one overlapping another shift of the rota is refused with 409 ONCALL_SHIFT_OVERLAP',
        params: IdParam,
        body: CreateShiftBody,
        response: { 201: OncallShift, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await oncall.addShift(ctxOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/oncall/shifts/:id',
    {
      schema: {
        tags,
        summary: 'Move, reassign or annotate a shift (IR manager, admin); overlaps refused',
        params: IdParam,
        body: UpdateShiftBody,
        response: { 200: OncallShift, ...problemResponses },
      },
    },
    async (request) => oncall.updateShift(ctxOf(request), request.params.id, request.body),
  );
  app.delete(
    '/oncall/shifts/:id',
    {
      schema: {
        tags,
        summary: 'Remove a shift (IR manager, admin)',
        params: IdParam,
        response: { 200: Ok, ...problemResponses },
      },
    },
    async (request) => oncall.deleteShift(ctxOf(request), request.params.id),
  );
};
