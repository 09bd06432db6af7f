import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedRevision } from '../../core/revisions.ts';
import type { ClosingService } from '../../core/engagements/closing.service.ts';
import type { EngagementsService } from '../../core/engagements/engagements.service.ts';
import type { EffortService } from '../../core/effort/effort.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  Burn,
  CancelBody,
  CloseBody,
  ClosePreview,
  ClosePreviewQuery,
  Engagement,
  EngagementListQuery,
  EngagementSummary,
  RemoveTeamMemberBody,
  TeamMemberBody,
  TransitionBody,
  UpdateEngagementBody,
} from '../../shared/contracts/engagements.ts';
import { ctxOf } from '../plugins/auth.ts';
import type { RouteApp } from './route-app.ts';

const IfMatch = z.looseObject({
  'if-match': z.string().max(100).optional().describe('The revision you edited, as in the ETag ("3").'),
});
const etag = (engagement: { revision: number }) => `"${engagement.revision}"`;

export const engagementsRoutes: FastifyPluginAsyncZod<{
  engagements: EngagementsService;
  closing: ClosingService;
  effort: EffortService;
}> = async (app, { engagements, closing, effort }) => {
  registerEngagementRoutes(app, engagements);
  registerClosingRoutes(app, closing, effort);
};

/** Engagements: list, read, edit, move through their lifecycle, staff their team. */
function registerEngagementRoutes(app: RouteApp, engagements: EngagementsService): void {
  const tags = ['engagements'];

  app.get(
    '/engagements',
    {
      schema: {
        tags,
        summary:
          "Engagements, newest first: staff see all (consultants only their teams'), customers their own; by status, customer, contract, mine",
        querystring: EngagementListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(EngagementSummary), ...problemResponses },
      },
    },
    async (request) => {
      const { mine, ...rest } = request.query;
      return engagements.list(ctxOf(request), { ...rest, mine: mine === 'true' });
    },
  );

  app.get(
    '/engagements/:id',
    {
      schema: {
        tags,
        summary: 'One engagement: the approved EWO, status, planned dates, estimate, reserved, consumed, held, team',
        params: IdParam,
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request, reply) => {
      const engagement = await engagements.get(ctxOf(request), request.params.id);
      return reply.header('etag', etag(engagement)).send(engagement);
    },
  );

  app.patch(
    '/engagements/:id',
    {
      schema: {
        tags,
        summary:
          "Plan the dates (IR managers): the customer's approving and requesting contacts and the team get an iCalendar invitation (stable UID, SEQUENCE raised)",
        params: IdParam,
        headers: IfMatch,
        body: UpdateEngagementBody,
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { revision, ...patch } = request.body;
      const engagement = await engagements.update(
        ctxOf(request),
        request.params.id,
        patch,
        expectedRevision(request.headers['if-match'], revision),
      );
      return reply.header('etag', etag(engagement)).send(engagement);
    },
  );

  app.post(
    '/engagements/:id/transitions',
    {
      schema: {
        tags,
        summary:
          'Ordinary moves (IR managers): scheduled→in_progress, in_progress→delivering, in_progress/delivering→on_hold and back; closed and cancelled only by close and cancel (409 INVALID_TRANSITION)',
        params: IdParam,
        body: TransitionBody,
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request) => engagements.transition(ctxOf(request), request.params.id, request.body),
  );

  app.post(
    '/engagements/:id/team',
    {
      schema: {
        tags,
        summary: 'Add an active provider user to the team, or change their role (IR managers)',
        params: IdParam,
        body: TeamMemberBody,
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request) => engagements.addTeamMember(ctxOf(request), request.params.id, request.body),
  );

  app.delete(
    '/engagements/:id/team',
    {
      schema: {
        tags,
        summary: 'Remove a member from the team (IR managers); their effort stays',
        params: IdParam,
        body: RemoveTeamMemberBody,
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request) => engagements.removeTeamMember(ctxOf(request), request.params.id, request.body),
  );

  app.delete(
    '/engagements/:id/team/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member from the team (IR managers)',
        params: IdParam.extend({ userId: z.string().min(1).max(64) }),
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request) =>
      engagements.removeTeamMember(ctxOf(request), request.params.id, { userId: request.params.userId }),
  );
}

/** Closing (preview, close, cancel) and the burn chart of an engagement. */
function registerClosingRoutes(app: RouteApp, closing: ClosingService, effort: EffortService): void {
  const tags = ['engagements'];

  app.get(
    '/engagements/:id/close-preview',
    {
      schema: {
        tags,
        summary:
          'What closing (or ?operation=cancel) would post: fixed price, true-up, held effort written off, release, available after',
        params: IdParam,
        querystring: ClosePreviewQuery,
        response: { 200: ClosePreview, ...problemResponses },
      },
    },
    async (request) => closing.preview(ctxOf(request), request.params.id, request.query.operation),
  );

  app.post(
    '/engagements/:id/close',
    {
      schema: {
        tags,
        summary:
          'Close (IR managers; from in_progress or delivering): fixed price, minimum true-up unless an admin waives it, held effort written off, release; one transaction',
        params: IdParam,
        body: CloseBody.optional(),
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request) => closing.close(ctxOf(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/engagements/:id/cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel an open engagement with a reason (IR managers): consumption stays, the minimum applies when the contract says so, the reservation is released',
        params: IdParam,
        body: CancelBody,
        response: { 200: Engagement, ...problemResponses },
      },
    },
    async (request) => closing.cancel(ctxOf(request), request.params.id, request.body),
  );

  app.get(
    '/engagements/:id/burn',
    {
      schema: {
        tags,
        summary: 'Consumed vs estimated over time (cumulative, per day)',
        params: IdParam,
        response: { 200: Burn, ...problemResponses },
      },
    },
    async (request) => effort.burn(ctxOf(request), request.params.id),
  );
}
