import type { Executor } from '../../db/create-db.ts';
import type { ScopingOutcome, UpdateScopingCallBody } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { zonedTime } from '../../shared/dates.ts';
import { acceptsScopingCalls } from '../../shared/requests.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import type { ScopingAttendeeRow } from './requests.tables.ts';
import { resolveAttendees, sameAttendees } from './scoping.attendees.ts';
import type { ScopingDeps } from './scoping.deps.ts';
import { sendInvites } from './scoping.notify.ts';
import { scopingRepo, type ScopingCallRow } from './scoping.repo.ts';
import { loadCallView, lockRequestAndCall } from './scoping.support.ts';

/** When, how long, how to join and who: what a reschedule changes. */
interface CallPlan {
  startsAt: Date;
  duration: number;
  joinInfo: string;
  attendees: ScopingAttendeeRow[];
}

/** Whether the plan moves the call (time, length, how to join or who). */
const isRescheduled = (call: ScopingCallRow, plan: CallPlan): boolean =>
  plan.startsAt.getTime() !== call.starts_at.getTime() ||
  plan.duration !== call.duration_minutes ||
  plan.joinInfo !== call.join_info ||
  !sameAttendees(plan.attendees, call.attendees);

/** A call's outcome can be recorded from its start on. */
export const callHasStarted = (startsAt: Date, now: Date): boolean => now.getTime() >= startsAt.getTime();

/** The patch applies to the revision read and to a call not cancelled. */
function assertCurrent(call: ScopingCallRow, callId: string, patch: UpdateScopingCallBody): void {
  if (patch.revision !== undefined && patch.revision !== call.revision) {
    throw new AppError(
      'STALE_REVISION',
      `Scoping call ${callId} changed since you read it (revision ${call.revision}): reload it and apply your change again.`,
      { currentRevision: call.revision },
    );
  }
  if (call.status === 'cancelled')
    throw new AppError('CONFLICT', `Scoping call ${callId} is cancelled: book a new call instead.`);
}

/**
 * A held call or a request past scoping is not moved; the outcome is set once, only once the call's time
 * has come (a call not yet started cannot have had an outcome), and a rejection needs a reason.
 */
function assertMayChange(
  request: RequestRow,
  call: ScopingCallRow,
  patch: UpdateScopingCallBody,
  plan: CallPlan,
  now: Date,
): void {
  const rescheduled = isRescheduled(call, plan);
  if (rescheduled && call.outcome)
    throw new AppError(
      'CONFLICT',
      `Scoping call ${call.id} was held (outcome ${call.outcome}): book a new call instead of moving it.`,
    );
  if (rescheduled && !acceptsScopingCalls(request.status)) {
    throw new AppError(
      'CONFLICT',
      `Request ${request.id} is ${request.status}: its scoping calls can no longer be moved (cancel the call instead).`,
      { status: request.status },
    );
  }
  if (patch.outcome && call.outcome)
    throw new AppError(
      'CONFLICT',
      `The outcome of scoping call ${call.id} is already ${call.outcome}; it is set once.`,
      {
        outcome: call.outcome,
      },
    );
  if (patch.outcome && !callHasStarted(plan.startsAt, now))
    throw new AppError(
      'BUSINESS_RULE',
      `The scoping call starts at ${zonedTime(plan.startsAt, call.time_zone)}: record its outcome once it has started.`,
      { startsAt: plan.startsAt.toISOString() },
    );
  if (patch.outcome === 'rejected' && !patch.reason)
    throw new AppError('VALIDATION_FAILED', 'The request is invalid: reason is required to reject the request.', {
      errors: [{ path: 'body.reason', message: 'is required when the outcome is rejected' }],
    });
}

/** Audits a reschedule and tells the attendees: an update to those who stay, a cancellation to those removed. */
async function announceReschedule(
  deps: ScopingDeps,
  trx: Executor,
  ctx: Ctx,
  before: ScopingCallRow,
  plan: CallPlan,
  organizationId: string,
): Promise<void> {
  await deps.audit.record(trx, ctx, {
    action: 'scoping_call.rescheduled',
    entityType: 'scoping_call',
    entityId: before.id,
    organizationId,
    before: {
      startsAt: before.starts_at.toISOString(),
      durationMinutes: before.duration_minutes,
      joinInfo: before.join_info,
      attendees: before.attendees.map((attendee) => attendee.id),
    },
    after: {
      requestId: before.request_id,
      startsAt: plan.startsAt.toISOString(),
      durationMinutes: plan.duration,
      joinInfo: plan.joinInfo,
      attendees: plan.attendees.map((attendee) => attendee.id),
      sequence: before.sequence + 1,
    },
  });
  const named = (await requestsRepo.byId(trx, before.request_id))!;
  const updated = (await scopingRepo.byId(trx, before.id))!;
  await sendInvites(deps, trx, named, updated, 'update', plan.attendees);
  const removed = before.attendees.filter((attendee) => !plan.attendees.some((kept) => kept.id === attendee.id));
  await sendInvites(deps, trx, named, updated, 'cancel', removed);
}

/** The outcome moves the request on: ewo_needed → ewo_drafting (unless a draft exists), advice_only → closed_advice_only, rejected → rejected. */
async function applyOutcome(
  deps: ScopingDeps,
  trx: Executor,
  ctx: Ctx,
  request: RequestRow,
  outcome: ScopingOutcome,
  reason: string | undefined,
): Promise<void> {
  if (outcome === 'ewo_needed') {
    // The first EWO draft may already exist (an emergency often goes straight to a draft): nothing to move then.
    if (['ewo_drafting', 'awaiting_approval', 'approved'].includes(request.status)) return;
    await deps.requests.transitionInTx(trx, ctx, request.id, 'ewo_drafting', reason);
  } else if (outcome === 'advice_only') {
    await deps.requests.transitionInTx(trx, ctx, request.id, 'closed_advice_only', reason);
  } else {
    await deps.requests.transitionInTx(trx, ctx, request.id, 'rejected', reason);
  }
}

/**
 * IR managers reschedule a call (same UID, SEQUENCE raised, attendees updated; removed attendees get
 * a cancellation), keep notes, and set the outcome once: ewo_needed → ewo_drafting, advice_only →
 * closed_advice_only, rejected → rejected (reason required).
 */
export async function updateScopingCall(
  deps: ScopingDeps,
  ctx: Ctx,
  requestId: string,
  callId: string,
  patch: UpdateScopingCallBody,
) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers change scoping calls.');
  const actor = ctx.actor;
  await deps.db.transaction(async (trx) => {
    const { request, call } = await lockRequestAndCall(deps, trx, actor, requestId, callId);
    assertCurrent(call, callId, patch);
    const plan: CallPlan = {
      attendees: patch.attendees ? await resolveAttendees(trx, request, patch.attendees) : call.attendees,
      startsAt: patch.startsAt ? new Date(patch.startsAt) : call.starts_at,
      duration: patch.durationMinutes ?? call.duration_minutes,
      joinInfo: patch.joinInfo ?? call.join_info,
    };
    const rescheduled = isRescheduled(call, plan);
    const at = deps.clock.now();
    assertMayChange(request, call, patch, plan, at);
    await scopingRepo.update(trx, callId, {
      starts_at: plan.startsAt,
      duration_minutes: plan.duration,
      join_info: plan.joinInfo,
      attendees: JSON.stringify(plan.attendees),
      sequence: rescheduled ? call.sequence + 1 : call.sequence,
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.outcome
        ? { outcome: patch.outcome, outcome_reason: patch.reason ?? null, outcome_at: at, status: 'held' as const }
        : {}),
      updated_at: at,
    });
    const audited = { entityType: 'scoping_call', entityId: callId, organizationId: request.organization_id } as const;
    if (rescheduled) await announceReschedule(deps, trx, ctx, call, plan, request.organization_id);
    if (patch.notes !== undefined && patch.notes !== call.notes) {
      await deps.audit.record(trx, ctx, {
        action: 'scoping_call.updated',
        ...audited,
        after: { requestId, notesChanged: true },
      });
    }
    if (patch.outcome) {
      await applyOutcome(deps, trx, ctx, request, patch.outcome, patch.reason);
      await deps.audit.record(trx, ctx, {
        action: 'scoping_call.outcome_set',
        ...audited,
        after: { requestId, outcome: patch.outcome, ...(patch.reason ? { reason: patch.reason } : {}) },
      });
    }
  });
  return loadCallView(deps, callId);
}
