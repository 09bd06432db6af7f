import type { UpdateScopingCallBody } from '../../shared/contracts/requests.ts';
import type { Ctx } from '../context.ts';
import { bookScopingCall, type BookScopingCallInput } from './book-scoping-call.ts';
import { cancelScopingCall } from './cancel-scoping-call.ts';
import type { ScopingDeps } from './scoping.deps.ts';
import { updateScopingCall } from './update-scoping-call.ts';

export type ScopingService = ReturnType<typeof createScopingService>;

/** Free scoping calls of a request: booked, rescheduled and cancelled with iCalendar invitations; the outcome moves the request on. */
export function createScopingService(deps: ScopingDeps) {
  return {
    book: (ctx: Ctx, requestId: string, input: BookScopingCallInput) => bookScopingCall(deps, ctx, requestId, input),
    update: (ctx: Ctx, requestId: string, callId: string, patch: UpdateScopingCallBody) =>
      updateScopingCall(deps, ctx, requestId, callId, patch),
    cancel: (ctx: Ctx, requestId: string, callId: string) => cancelScopingCall(deps, ctx, requestId, callId),
  };
}
