import type { Executor } from '../../db/create-db.ts';
import type { RequestStatus, SlaStatus } from '../../shared/contracts/requests.ts';
import type { RequestKind } from '../../shared/domain.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import { cursorOf } from '../pagination.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { notFound } from './requests.errors.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo } from './requests.repo.ts';
import { buildTimeline } from './requests.timeline.ts';
import { toMilestoneView, toRequestView, toScopingCallView } from './requests.views.ts';
import { scopingRepo } from './scoping.repo.ts';

/** Board pages continue after the last request's (kind rank, received at, id). */
const byBoardOrder = cursorOf('rank', 'instant', 'id');
/** Triage pages continue after the last request's (kind rank, severity rank, next due, received at, id). */
const byTriageOrder = cursorOf('rank', 'rank', 'instant', 'instant', 'id');

export interface RequestListQuery {
  status?: RequestStatus[];
  kind?: RequestKind;
  customerId?: string;
  contractId?: string;
  slaStatus?: SlaStatus;
  sort?: 'board' | 'triage';
  cursor?: string;
  limit?: number;
}

/** A request as the API shows it, read on `ex` with its SLA statuses at the clock's now; NOT_FOUND when missing. No authorization. */
export async function loadRequestView(deps: Pick<RequestsDeps, 'clock'>, ex: Executor, id: string, staff = true) {
  const request = await requestsRepo.byId(ex, id);
  if (!request) throw notFound(id);
  return toRequestView(request, await requestsRepo.targets(ex, [id]), deps.clock.now(), staff);
}

/** The requests board: emergencies first, then oldest first; customers see only their own organisation's. */
export async function listRequests(deps: Pick<RequestsDeps, 'db' | 'clock'>, ctx: Ctx, query: RequestListQuery) {
  authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
  const { db } = deps;
  const limit = query.limit ?? 50;
  const now = deps.clock.now();
  const triage = query.sort === 'triage';
  const key = triage ? undefined : byBoardOrder.decode(query.cursor);
  const after = key ? { rank: key[0], receivedAt: new Date(key[1]), id: key[2] } : undefined;
  const tkey = triage ? byTriageOrder.decode(query.cursor) : undefined;
  const triageAfter = tkey
    ? { rank: tkey[0], severity: tkey[1], nextDue: new Date(tkey[2]), receivedAt: new Date(tkey[3]), id: tkey[4] }
    : undefined;
  const rows = await requestsRepo.list(db.kysely, {
    ...(isCustomerUser(ctx.actor) ? { organizationId: ctx.actor.organizationId } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...(query.contractId ? { contractId: query.contractId } : {}),
    ...(query.slaStatus ? { slaStatus: query.slaStatus } : {}),
    ...(after ? { after } : {}),
    ...(triage ? { triage: triageAfter ? { after: triageAfter } : {} } : {}),
    now,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const targets = await requestsRepo.targets(
    db.kysely,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => toRequestView(row, targets, now, !isCustomerUser(ctx.actor))),
    nextCursor:
      rows.length > limit && last
        ? triage
          ? byTriageOrder.encode([
              last.kind_rank,
              last.severity_rank,
              new Date(last.next_due).toISOString(),
              last.received_at.toISOString(),
              last.id,
            ])
          : byBoardOrder.encode([last.kind_rank, last.received_at.toISOString(), last.id])
        : null,
  };
}

/** One request with its SLA targets, milestones, scoping calls and timeline. */
export async function getRequest(deps: Pick<RequestsDeps, 'db' | 'clock'>, ctx: Ctx, id: string) {
  authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
  const ex = deps.db.kysely;
  const request = await requestsRepo.byId(ex, id);
  if (!request || !canSeeTenant(ctx.actor, request.organization_id)) throw notFound(id);
  const [targets, milestones, calls] = await Promise.all([
    requestsRepo.targets(ex, [id]),
    requestsRepo.milestones(ex, id),
    scopingRepo.byRequest(ex, id),
  ]);
  const events = await requestsRepo.timelineEvents(
    ex,
    id,
    calls.map((call) => call.id),
  );
  const provider = requestsPolicy.readAll(ctx.actor);
  return {
    ...toRequestView(request, targets, deps.clock.now(), provider),
    milestones: milestones.map((milestone) => toMilestoneView(milestone, milestones)),
    scopingCalls: calls.map((call) => toScopingCallView(call, provider)),
    timeline: buildTimeline(events, milestones, calls, request.time_zone),
  };
}
