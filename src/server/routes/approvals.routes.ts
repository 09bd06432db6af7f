import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApprovalsService } from '../../core/workorders/approvals.service.ts';
import { problemResponses, TokenParam } from '../../shared/contracts/common.ts';
import { ApprovalSummary, DecisionOutcome, LinkDecisionBody, PdfQuery } from '../../shared/contracts/workorders.ts';
import { publicCtx } from '../plugins/auth.ts';
import { pdfResponse, sendPdf } from './pdf-reply.ts';

/**
 * The signed approval links (no sign-in: the token is the credential, bound to one contact and one
 * version's content hash). Opening the page (GET) never decides; only the explicit POST does.
 */
export const approvalLinkRoutes: FastifyPluginAsyncZod<{ approvals: ApprovalsService }> = async (
  app,
  { approvals },
) => {
  const tags = ['approvals'];

  app.get(
    '/approval-links/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'What a signed approval link asks (read-only): the summary, the units and what is left after',
        security: [],
        params: TokenParam,
        response: { 200: ApprovalSummary, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'private, no-store').send(await approvals.linkSummary(request.params.token)),
  );

  app.post(
    '/approval-links/:token/decision',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Decide through a signed link by an explicit choice (approve, decline or request changes); the link is used up only when the decision takes effect',
        security: [],
        params: TokenParam,
        body: LinkDecisionBody,
        response: { 200: DecisionOutcome, ...problemResponses },
      },
    },
    async (request) => approvals.linkDecide(publicCtx(request), request.params.token, request.body),
  );

  app.get(
    '/approval-links/:token/pdf',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The PDF of the exact version the link was sent for',
        security: [],
        params: TokenParam,
        querystring: PdfQuery.omit({ version: true }),
        produces: ['application/pdf', 'application/json'],
        response: { 200: pdfResponse, ...problemResponses },
      },
    },
    async (request, reply) => sendPdf(reply, await approvals.linkPdf(request.params.token), request.query.format),
  );
};
