import { z } from 'zod';
import type { ChangeOrdersService } from '../../core/workorders/change-orders.service.ts';
import { IdParam, problemResponses } from '../../shared/contracts/common.ts';
import { ChangeOrderDocument } from '../../shared/contracts/change-order-document.ts';
import { ctxOf } from '../plugins/auth.ts';
import type { RouteApp } from './route-app.ts';

/** An engagement and one of its change orders. */
const ChangeOrderDocumentParams = IdParam.extend({ coId: z.string().min(1).max(64) });

/** A sent change order's frozen document, beside its engagement, so that anyone can recompute its hash. */
export function registerChangeOrderDocumentRoute(app: RouteApp, changeOrders: ChangeOrdersService): void {
  app.get(
    '/engagements/:id/change-orders/:coId/document',
    {
      schema: {
        tags: ['change orders'],
        summary: "A sent change order's frozen document, to recompute its content hash (like an EWO version's)",
        params: ChangeOrderDocumentParams,
        response: { 200: ChangeOrderDocument, ...problemResponses },
      },
    },
    async (request) => changeOrders.document(ctxOf(request), request.params.id, request.params.coId),
  );
}
