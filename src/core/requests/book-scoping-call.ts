import { AppError } from '../../shared/errors.ts';
import { acceptsScopingCalls } from '../../shared/requests.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo } from './requests.repo.ts';
import { resolveAttendees } from './scoping.attendees.ts';
import type { ScopingDeps } from './scoping.deps.ts';
import { sendInvites } from './scoping.notify.ts';
import { scopingRepo } from './scoping.repo.ts';
import { loadCallView, lockedRequest } from './scoping.support.ts';

export interface BookScopingCallInput {
  startsAt: string;
  durationMinutes: number;
  attendees: string[];
  joinInfo: string;
  notes?: string | undefined;
}

/**
 * IR managers book a free scoping call; each attendee gets an iCalendar invitation (METHOD:REQUEST,
 * a stable UID, SEQUENCE 0). The first call moves a received request to scoping. Never touches the ledger.
 */
export async function bookScopingCall(deps: ScopingDeps, ctx: Ctx, requestId: string, input: BookScopingCallInput) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers book scoping calls.');
  const actor = ctx.actor;
  const host = new URL(deps.publicUrl).hostname || 'localhost';
  const id = deps.ids.next('scl');
  await deps.db.transaction(async (trx) => {
    const request = await lockedRequest(deps, trx, actor, requestId);
    if (!acceptsScopingCalls(request.status)) {
      throw new AppError(
        'CONFLICT',
        `Request ${requestId} is ${request.status}: scoping calls are booked only while a request is open and its EWO undecided.`,
        { status: request.status },
      );
    }
    const attendees = await resolveAttendees(trx, request, input.attendees);
    const named = (await requestsRepo.byId(trx, requestId))!;
    const at = deps.clock.now();
    await scopingRepo.insert(trx, {
      id,
      request_id: requestId,
      status: 'scheduled',
      starts_at: new Date(input.startsAt),
      duration_minutes: input.durationMinutes,
      time_zone: named.time_zone,
      join_info: input.joinInfo,
      attendees: JSON.stringify(attendees),
      organizer_user_id: actor.userId,
      organizer_name: actor.name,
      organizer_email: actor.email,
      ical_uid: `${id}@${host}`,
      sequence: 0,
      notes: input.notes ?? '',
      created_at: at,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: 'scoping_call.booked',
      entityType: 'scoping_call',
      entityId: id,
      organizationId: request.organization_id,
      after: {
        requestId,
        startsAt: new Date(input.startsAt).toISOString(),
        durationMinutes: input.durationMinutes,
        attendees: attendees.map((attendee) => attendee.id),
      },
    });
    if (request.status === 'received') await deps.requests.transitionInTx(trx, ctx, requestId, 'scoping');
    // Booking the call means the firm reached the customer: the initial contact, if it is the first.
    await deps.requests.recordMilestoneInTx(trx, ctx, requestId, {
      kind: 'initial_contact',
      at,
      source: 'scoping_call',
    });
    await sendInvites(deps, trx, named, (await scopingRepo.byId(trx, id))!, 'invite', attendees);
  });
  return loadCallView(deps, id);
}
