import type { Executor } from '../../db/create-db.ts';
import type {
  ContactedBody,
  CreateRequestBody,
  RequestStatus,
  SlaKind,
  TriageBody,
  UpdateRequestBody,
} from '../../shared/contracts/requests.ts';
import type { Ctx } from '../context.ts';
import { rejectRequest, withdrawRequest } from './close-request.ts';
import { correctRequest } from './correct-request.ts';
import { createRequest } from './create-request.ts';
import { requestLeadTime } from './lead-time.ts';
import { getRequest, listRequests, loadRequestView, type RequestListQuery } from './read-requests.ts';
import { recordMilestone } from './record-milestone.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { requestsRepo } from './requests.repo.ts';
import { closeWithEngagementInTx, transitionRequestInTx, type EndedListener } from './transition-request.ts';
import { recordMilestoneInTx, type MilestoneEvent } from './milestone-events.ts';
import { assignOwner, recordContact } from './triage.ts';

export type RequestsService = ReturnType<typeof createRequestsService>;

/** What engagements, closing and staffing tell a request: milestones from their events, and the close. */
export type RequestEventsPort = Pick<RequestsService, 'recordMilestoneInTx' | 'closeWithEngagementInTx'>;

/** Service requests: intake, the board, corrections, the lifecycle and SLA milestones; each use case in its own module. */
export function createRequestsService(base: RequestsDeps) {
  const endedListeners: EndedListener[] = [];
  const deps: RequestsDeps = { ...base, endedListeners };
  return {
    /** Called in the transaction that withdraws or rejects a request (work orders void its draft EWO). */
    onEnded: (listener: EndedListener) => void endedListeners.push(listener),
    /** A milestone from an event of the work (first one only, emergency only) on the caller's transaction. */
    recordMilestoneInTx: (trx: Executor, ctx: Ctx, requestId: string, event: MilestoneEvent) =>
      recordMilestoneInTx(deps, trx, ctx, requestId, event),
    /** Its engagement was closed or cancelled: an approved request follows it to `closed` (clocks stop). */
    closeWithEngagementInTx: (trx: Executor, ctx: Ctx, requestId: string, reason: string) =>
      closeWithEngagementInTx(deps, trx, ctx, requestId, reason),
    assignOwner: (ctx: Ctx, id: string, input: TriageBody) => assignOwner(deps, ctx, id, input),
    recordContact: (ctx: Ctx, id: string, input: ContactedBody) => recordContact(deps, ctx, id, input),
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
