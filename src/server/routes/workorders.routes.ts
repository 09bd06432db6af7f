import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagOf, expectedRevision } from '../../core/revisions.ts';
import type { ApprovalsService } from '../../core/workorders/approvals.service.ts';
import type { ChangeOrdersService } from '../../core/workorders/change-orders.service.ts';
import type { WorkOrdersService } from '../../core/workorders/workorders.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  ApprovalListQuery,
  ApprovalSummary,
  ApproveBody,
  ChangeOrder,
  ChangeOrderListQuery,
  CreateChangeOrderBody,
  CreateWorkOrderBody,
  DeclineBody,
  DecisionOutcome,
  PdfQuery,
  SendBody,
  UpdateChangeOrderBody,
  UpdateWorkOrderBody,
  WorkOrder,
  WorkOrderListQuery,
  WorkOrderVersion,
} from '../../shared/contracts/workorders.ts';
import { ctxOf } from '../plugins/auth.ts';
import { registerChangeOrderDocumentRoute } from './change-order-document.route.ts';
import { pdfResponse, sendPdf } from './pdf-reply.ts';
import type { RouteApp } from './route-app.ts';

const IfMatch = z.looseObject({
  'if-match': z.string().max(100).optional().describe('The revision you edited, as in the ETag ("3").'),
});

export const workOrdersRoutes: FastifyPluginAsyncZod<{
  workOrders: WorkOrdersService;
  changeOrders: ChangeOrdersService;
  approvals: ApprovalsService;
}> = async (app, { workOrders, changeOrders, approvals }) => {
  registerWorkOrderRoutes(app, workOrders);
  registerWorkOrderDocumentRoutes(app, workOrders);
  registerWorkOrderDecisionRoutes(app, approvals);
  registerChangeOrderRoutes(app, changeOrders);
  registerChangeOrderDocumentRoutes(app, changeOrders, approvals);
};

/** EWOs: create from a request, list, read, edit, send. */
function registerWorkOrderRoutes(app: RouteApp, workOrders: WorkOrdersService): void {
  const tags = ['work orders'];

  app.post(
    '/requests/:id/work-orders',
    {
      schema: {
        tags,
        summary:
          "Draft the request's EWO, prefilled from the request, its catalog item (emergency IR: its own template) and the contract (IR manager)",
        params: IdParam,
        body: CreateWorkOrderBody.nullish(),
        response: { 201: WorkOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const workOrder = await workOrders.create(ctxOf(request), request.params.id, request.body ?? {});
      return reply.status(201).header('etag', etagOf(workOrder.revision)).send(workOrder);
    },
  );

  app.get(
    '/work-orders',
    {
      schema: {
        tags,
        summary: "Work orders, newest first (customer users: their own organisation's sent ones)",
        querystring: WorkOrderListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(WorkOrder), ...problemResponses },
      },
    },
    async (request) => workOrders.list(ctxOf(request), request.query),
  );

  app.get(
    '/work-orders/:id',
    {
      schema: {
        tags,
        summary: 'One EWO: its current version with estimate, reservation and balance impact',
        params: IdParam,
        response: { 200: WorkOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const workOrder = await workOrders.get(ctxOf(request), request.params.id);
      return reply.header('etag', etagOf(workOrder.revision)).send(workOrder);
    },
  );

  app.patch(
    '/work-orders/:id',
    {
      schema: {
        tags,
        summary:
          'Edit the draft; editing a sent version supersedes it (its links stop working) and starts the next version (IR manager). If-Match or `revision` refuses a stale edit',
        params: IdParam,
        headers: IfMatch,
        body: UpdateWorkOrderBody,
        response: { 200: WorkOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { revision, ...patch } = request.body;
      const workOrder = await workOrders.update(
        ctxOf(request),
        request.params.id,
        patch,
        expectedRevision(request.headers['if-match'], revision),
      );
      return reply.header('etag', etagOf(workOrder.revision)).send(workOrder);
    },
  );

  app.post(
    '/work-orders/:id/send',
    {
      schema: {
        tags,
        summary:
          'Freeze the draft (content hash, PDF) and email every approving contact a link, a decline link and a reply-to address (IR manager)',
        params: IdParam,
        headers: IfMatch,
        body: SendBody,
        response: { 200: WorkOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const workOrder = await workOrders.send(
        ctxOf(request),
        request.params.id,
        expectedRevision(request.headers['if-match'], request.body?.revision),
      );
      return reply.header('etag', etagOf(workOrder.revision)).send(workOrder);
    },
  );
}

/** An EWO's versions, its PDF and its summary. */
function registerWorkOrderDocumentRoutes(app: RouteApp, workOrders: WorkOrdersService): void {
  const tags = ['work orders'];

  app.get(
    '/work-orders/:id/versions',
    {
      schema: {
        tags,
        summary: 'Every version with its status, content hash, frozen content and decision',
        params: IdParam,
        response: { 200: z.array(WorkOrderVersion), ...problemResponses },
      },
    },
    async (request) => workOrders.versions(ctxOf(request), request.params.id),
  );

  app.get(
    '/work-orders/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The PDF of a sent version (default: the latest), exactly as emailed',
        params: IdParam,
        querystring: PdfQuery,
        produces: ['application/pdf', 'application/json'],
        response: { 200: pdfResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await workOrders.pdf(ctxOf(request), request.params.id, request.query.version),
        request.query.format,
      ),
  );

  app.get(
    '/work-orders/:id/summary',
    {
      schema: {
        tags: ['approvals'],
        summary: 'The approval page of the current sent version: what is approved, how many units, what is left after',
        params: IdParam,
        response: { 200: ApprovalSummary, ...problemResponses },
      },
    },
    async (request) => workOrders.summary(ctxOf(request), request.params.id),
  );
}

/** Decisions on an EWO taken in the app, and what awaits a decision. */
function registerWorkOrderDecisionRoutes(app: RouteApp, approvals: ApprovalsService): void {
  const decisionTags = ['approvals'];
  app.post(
    '/work-orders/:id/approve',
    {
      schema: {
        tags: decisionTags,
        summary:
          "Approve the current sent version you were shown (its contentHash): the customer's approving contacts only. Creates the engagement and reserves",
        params: IdParam,
        body: ApproveBody,
        response: { 200: DecisionOutcome, ...problemResponses },
      },
    },
    async (request) => approvals.approveWorkOrder(ctxOf(request), request.params.id, request.body.contentHash),
  );

  app.post(
    '/work-orders/:id/decline',
    {
      schema: {
        tags: decisionTags,
        summary: 'Decline the current sent version, with a reason (approving contacts only)',
        params: IdParam,
        body: DeclineBody,
        response: { 200: DecisionOutcome, ...problemResponses },
      },
    },
    async (request) =>
      approvals.declineWorkOrder(ctxOf(request), request.params.id, request.body.contentHash, request.body.reason),
  );

  app.post(
    '/work-orders/:id/request-changes',
    {
      schema: {
        tags: decisionTags,
        summary: 'Ask for changes to the current sent version, with a reason (approving contacts only)',
        params: IdParam,
        body: DeclineBody,
        response: { 200: DecisionOutcome, ...problemResponses },
      },
    },
    async (request) =>
      approvals.requestChanges(ctxOf(request), request.params.id, request.body.contentHash, request.body.reason),
  );

  app.get(
    '/approvals',
    {
      schema: {
        tags: decisionTags,
        summary: "What awaits a decision (customer users: their own organisation's), soonest deadline first",
        querystring: ApprovalListQuery,
        response: { 200: z.object({ items: z.array(ApprovalSummary) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await approvals.pending(ctxOf(request), request.query) }),
  );
}

/** Change orders: create on an engagement, list, read, edit. */
function registerChangeOrderRoutes(app: RouteApp, changeOrders: ChangeOrdersService): void {
  const coTags = ['change orders'];
  app.post(
    '/engagements/:id/change-orders',
    {
      schema: {
        tags: coTags,
        summary:
          'Draft a change order: added effort lines (negative minutes reduce); the estimate never drops below what was consumed (IR manager)',
        params: IdParam,
        body: CreateChangeOrderBody,
        response: { 201: ChangeOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const changeOrder = await changeOrders.create(ctxOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', etagOf(changeOrder.revision)).send(changeOrder);
    },
  );

  app.get(
    '/change-orders',
    {
      schema: {
        tags: coTags,
        summary: 'Change orders, newest first (customer users: their own, sent ones)',
        querystring: ChangeOrderListQuery.extend(PageQuery.shape),
        response: { 200: pageOf(ChangeOrder), ...problemResponses },
      },
    },
    async (request) => changeOrders.list(ctxOf(request), request.query),
  );

  app.get(
    '/change-orders/:id',
    {
      schema: {
        tags: coTags,
        summary: 'One change order with its converted delta and balance impact',
        params: IdParam,
        response: { 200: ChangeOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const changeOrder = await changeOrders.get(ctxOf(request), request.params.id);
      return reply.header('etag', etagOf(changeOrder.revision)).send(changeOrder);
    },
  );

  app.patch(
    '/change-orders/:id',
    {
      schema: {
        tags: coTags,
        summary:
          'Edit a draft; editing a sent one supersedes it by a new draft (answered here, with its own id). If-Match or `revision` refuses a stale edit',
        params: IdParam,
        headers: IfMatch,
        body: UpdateChangeOrderBody,
        response: { 200: ChangeOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { revision, ...patch } = request.body;
      const changeOrder = await changeOrders.update(
        ctxOf(request),
        request.params.id,
        patch,
        expectedRevision(request.headers['if-match'], revision),
      );
      return reply.header('etag', etagOf(changeOrder.revision)).send(changeOrder);
    },
  );
}

/** A change order's sending, PDF, summary and the decisions on it. */
function registerChangeOrderDocumentRoutes(
  app: RouteApp,
  changeOrders: ChangeOrdersService,
  approvals: ApprovalsService,
): void {
  const coTags = ['change orders'];
  const decisionTags = ['approvals'];

  app.post(
    '/change-orders/:id/send',
    {
      schema: {
        tags: coTags,
        summary: 'Freeze and send a change order to the approving contacts (IR manager)',
        params: IdParam,
        headers: IfMatch,
        body: SendBody,
        response: { 200: ChangeOrder, ...problemResponses },
      },
    },
    async (request) =>
      changeOrders.send(
        ctxOf(request),
        request.params.id,
        expectedRevision(request.headers['if-match'], request.body?.revision),
      ),
  );

  app.get(
    '/change-orders/:id/pdf',
    {
      schema: {
        tags: coTags,
        summary: 'The PDF of a sent change order',
        params: IdParam,
        querystring: PdfQuery.omit({ version: true }),
        produces: ['application/pdf', 'application/json'],
        response: { 200: pdfResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendPdf(reply, await changeOrders.pdf(ctxOf(request), request.params.id), request.query.format),
  );

  registerChangeOrderDocumentRoute(app, changeOrders);

  app.get(
    '/change-orders/:id/summary',
    {
      schema: {
        tags: decisionTags,
        summary: 'The approval page of a sent change order',
        params: IdParam,
        response: { 200: ApprovalSummary, ...problemResponses },
      },
    },
    async (request) => changeOrders.summary(ctxOf(request), request.params.id),
  );

  app.post(
    '/change-orders/:id/approve',
    {
      schema: {
        tags: decisionTags,
        summary:
          'Approve a sent change order (approving contacts only): the reservation changes by the converted delta',
        params: IdParam,
        body: ApproveBody,
        response: { 200: DecisionOutcome, ...problemResponses },
      },
    },
    async (request) => approvals.approveChangeOrder(ctxOf(request), request.params.id, request.body.contentHash),
  );

  app.post(
    '/change-orders/:id/decline',
    {
      schema: {
        tags: decisionTags,
        summary: 'Decline a sent change order, with a reason (approving contacts only)',
        params: IdParam,
        body: DeclineBody,
        response: { 200: DecisionOutcome, ...problemResponses },
      },
    },
    async (request) =>
      approvals.declineChangeOrder(ctxOf(request), request.params.id, request.body.contentHash, request.body.reason),
  );
}
