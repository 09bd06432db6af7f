import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RequestsService } from '../../core/requests/requests.service.ts';
import type { ScopingService } from '../../core/requests/scoping.service.ts';
import type { SlaService } from '../../core/requests/sla.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  BookScopingCallBody,
  CallParams,
  ContactedBody,
  CreateRequestBody,
  LeadTime,
  LeadTimeQuery,
  Milestone,
  MilestoneBody,
  RejectBody,
  RequestListQuery,
  ScopingCall,
  ServiceRequest,
  ServiceRequestDetail,
  SlaReport,
  SlaReportQuery,
  TriageBody,
  UpdateRequestBody,
  UpdateScopingCallBody,
  WithdrawBody,
} from '../../shared/contracts/requests.ts';
import { ctxOf } from '../plugins/auth.ts';
import type { RouteApp } from './route-app.ts';

export const requestsRoutes: FastifyPluginAsyncZod<{
  requests: RequestsService;
  scoping: ScopingService;
  sla: SlaService;
}> = async (app, { requests, scoping, sla }) => {
  registerRequestRoutes(app, requests);
  registerTriageRoutes(app, requests);
  registerScopingRoutes(app, scoping);
  registerSlaReportRoutes(app, sla);
};

/** Service requests: intake, lead time, edits, withdrawal, rejection, SLA milestones. */
function registerRequestRoutes(app: RouteApp, requests: RequestsService): void {
  const tags = ['requests'];

  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary:
          'Ask for help: an emergency (any time) or a proactive service (active contract, lead time); staff log hotline and email intake',
        body: CreateRequestBody,
        response: { 201: ServiceRequest, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await requests.create(ctxOf(request), request.body)),
  );

  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary: 'Requests, emergencies first then oldest first (customers: their own organisation)',
        querystring: RequestListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(ServiceRequest), ...problemResponses },
      },
    },
    async (request) => requests.list(ctxOf(request), request.query),
  );

  app.get(
    '/requests/lead-time',
    {
      schema: {
        tags,
        summary: 'The lead time and earliest allowed start of a proactive service under a contract, if requested now',
        querystring: LeadTimeQuery,
        response: { 200: LeadTime, ...problemResponses },
      },
    },
    async (request) => requests.leadTime(ctxOf(request), request.query),
  );

  app.get(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: 'One request with its SLA targets, milestones, scoping calls and timeline',
        params: IdParam,
        response: { 200: ServiceRequestDetail, ...problemResponses },
      },
    },
    async (request) => requests.get(ctxOf(request), request.params.id),
  );

  app.patch(
    '/requests/:id',
    {
      schema: {
        tags,
        summary:
          'Correct a request or move it to another contract of the customer, before its EWO is approved (IR manager)',
        params: IdParam,
        body: UpdateRequestBody,
        response: { 200: ServiceRequest, ...problemResponses },
      },
    },
    async (request) => requests.update(ctxOf(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: "Withdraw a request (the customer's requesters and approvers, or an IR manager)",
        params: IdParam,
        body: WithdrawBody.nullish(),
        response: { 200: ServiceRequest, ...problemResponses },
      },
    },
    async (request) => requests.withdraw(ctxOf(request), request.params.id, request.body?.reason),
  );

  app.post(
    '/requests/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a request: duplicate, out of scope (IR manager, reason required)',
        params: IdParam,
        body: RejectBody,
        response: { 200: ServiceRequest, ...problemResponses },
      },
    },
    async (request) => requests.reject(ctxOf(request), request.params.id, request.body.reason),
  );
}

/** SLA milestones and triage of a request: recorded by hand, by a contact, or by assigning its owner. */
function registerTriageRoutes(app: RouteApp, requests: RequestsService): void {
  const tags = ['requests'];

  app.post(
    '/requests/:id/milestones',
    {
      schema: {
        tags,
        summary: 'Record when an SLA target was met (once per kind; a correction needs a reason)',
        params: IdParam,
        body: MilestoneBody,
        response: { 201: z.object({ milestone: Milestone, request: ServiceRequest }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requests.recordMilestone(ctxOf(request), request.params.id, request.body)),
  );

  app.post(
    '/requests/:id/contacted',
    {
      schema: {
        tags,
        summary:
          'Record that the customer was contacted (channel, time); the first contact of an emergency sets its initial-contact milestone (IR manager)',
        params: IdParam,
        body: ContactedBody,
        response: {
          200: z.object({
            initialContactRecorded: z
              .boolean()
              .describe(
                'True when this contact set the initial-contact milestone; false when one was already recorded.',
              ),
            request: ServiceRequest,
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => requests.recordContact(ctxOf(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/triage',
    {
      schema: {
        tags,
        summary:
          "Triage: make an IR manager or consultant the request's owner; the first owner records the initial contact (IR manager)",
        params: IdParam,
        body: TriageBody,
        response: { 200: ServiceRequest, ...problemResponses },
      },
    },
    async (request) => requests.assignOwner(ctxOf(request), request.params.id, request.body),
  );
}

/** Scoping calls of a proactive request. */
function registerScopingRoutes(app: RouteApp, scoping: ScopingService): void {
  const scopingTags = ['scoping calls'];
  app.post(
    '/requests/:id/scoping-calls',
    {
      schema: {
        tags: scopingTags,
        summary: 'Book a free scoping call; attendees get an iCalendar invitation (IR manager)',
        params: IdParam,
        body: BookScopingCallBody,
        response: { 201: ScopingCall, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await scoping.book(ctxOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/requests/:id/scoping-calls/:callId',
    {
      schema: {
        tags: scopingTags,
        summary:
          'Reschedule (invitations updated), add notes, or set the outcome, which moves the request on (IR manager)',
        params: CallParams,
        body: UpdateScopingCallBody,
        response: { 200: ScopingCall, ...problemResponses },
      },
    },
    async (request) => scoping.update(ctxOf(request), request.params.id, request.params.callId, request.body),
  );

  app.delete(
    '/requests/:id/scoping-calls/:callId',
    {
      schema: {
        tags: scopingTags,
        summary: 'Cancel a scoping call; attendees get a cancellation (IR manager)',
        params: CallParams,
        response: { 200: ScopingCall, ...problemResponses },
      },
    },
    async (request) => scoping.cancel(ctxOf(request), request.params.id, request.params.callId),
  );
}

/** The SLA report. */
function registerSlaReportRoutes(app: RouteApp, sla: SlaService): void {
  app.get(
    '/reports/sla',
    {
      schema: {
        tags: ['reports'],
        summary: 'SLA performance per target: met and breached counts, median time to meet',
        querystring: SlaReportQuery,
        response: { 200: SlaReport, ...problemResponses },
      },
    },
    async (request) => sla.report(ctxOf(request), request.query),
  );
}
