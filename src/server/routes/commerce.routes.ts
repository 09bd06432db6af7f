import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommerceService } from '../../core/commerce/commerce.service.ts';
import { TermsInput, TermsResponse, TermsView } from '../../shared/contracts/commerce.ts';
import { IdParam, problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf } from '../plugins/auth.ts';

/** A contract's commercial terms (money lives in core/commerce, beside the ledger). */
export const commerceRoutes: FastifyPluginAsyncZod<{ commerce: CommerceService }> = async (app, { commerce }) => {
  const tags = ['contracts'];

  app.get(
    '/contracts/:id/terms',
    {
      schema: {
        tags,
        summary:
          "The contract's commercial terms: in full for admins, account and IR managers; the retainer's price for the customer; 403 for consultants",
        params: IdParam,
        response: { 200: TermsResponse, ...problemResponses },
      },
    },
    async (request) => commerce.terms(ctxOf(request), request.params.id),
  );

  app.put(
    '/contracts/:id/terms',
    {
      schema: {
        tags,
        summary:
          "Set the contract's commercial terms as a whole (admin; account managers of the customer); amounts in minor units of the currency; audited",
        params: IdParam,
        body: TermsInput,
        response: { 200: TermsView, ...problemResponses },
      },
    },
    async (request) => commerce.setTerms(ctxOf(request), request.params.id, request.body),
  );
};
