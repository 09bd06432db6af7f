import type { Executor } from '../../db/create-db.ts';
import type { CreateRequestBody, RequestStatus, SlaKind, UpdateRequestBody } from '../../shared/contracts/requests.ts';
import type { Ctx } from '../context.ts';
import { rejectRequest, withdrawRequest } from './close-request.ts';
import { correctRequest } from './correct-request.ts';
import { createRequest } from './create-request.ts';
import { requestLeadTime } from './lead-time.ts';
import { getRequest, listRequests, loadRequestView, type RequestListQuery } from './read-requests.ts';
import { recordMilestone } from './record-milestone.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { requestsRepo } from './requests.repo.ts';
import { transitionRequestInTx } from './transition-request.ts';

export type RequestsService = ReturnType<typeof createRequestsService>;

/** Service requests: intake, the board, corrections, the lifecycle and SLA milestones; each use case in its own module. */
export function createRequestsService(deps: RequestsDeps) {
  return {
    transitionInTx: (trx: Executor, ctx: Ctx, requestId: string, to: RequestStatus, reason?: string) =>
      transitionRequestInTx(deps, trx, ctx, requestId, to, reason),
    /** Locks a request row on the caller's transaction (undefined when missing); no authorization. */
    requestForUpdate: (trx: Executor, id: string) => requestsRepo.forUpdate(trx, id),
    loadView: (ex: Executor, id: string) => loadRequestView(deps, ex, id),
    create: (ctx: Ctx, input: CreateRequestBody) => createRequest(deps, ctx, input),
    leadTime: (ctx: Ctx, query: { contractId: string; catalogItemId: string }) => requestLeadTime(deps, ctx, query),
    list: (ctx: Ctx, query: RequestListQuery) => listRequests(deps, ctx, query),
    get: (ctx: Ctx, id: string) => getRequest(deps, ctx, id),
    update: (ctx: Ctx, id: string, patch: UpdateRequestBody) => correctRequest(deps, ctx, id, patch),
    withdraw: (ctx: Ctx, id: string, reason?: string) => withdrawRequest(deps, ctx, id, reason),
    reject: (ctx: Ctx, id: string, reason: string) => rejectRequest(deps, ctx, id, reason),
    recordMilestone: (ctx: Ctx, id: string, input: { kind: SlaKind; at?: string; reason?: string }) =>
      recordMilestone(deps, ctx, id, input),
  };
}
