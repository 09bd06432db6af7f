import type { Ctx } from '../context.ts';
import { cancelEngagement, closeEngagement } from './close.ts';
import { previewClosing } from './close-preview.ts';
import type { ClosingDeps, ClosingOperation } from './closing.deps.ts';

export type ClosingService = ReturnType<typeof createClosingService>;

/** Closing and cancelling engagements: fixed price, minimum true-up (or an admin's waiver), held effort written off, release, in one transaction. */
export function createClosingService(deps: ClosingDeps) {
  return {
    /** Closes an engagement in progress or delivering (close.ts). */
    close: (ctx: Ctx, id: string, input?: { waiveMinimum?: { reason: string } | undefined }) =>
      closeEngagement(deps, ctx, id, input),
    /** Cancels an open engagement with a reason (close.ts). */
    cancel: (ctx: Ctx, id: string, input: { reason: string; waiveMinimum?: { reason: string } | undefined }) =>
      cancelEngagement(deps, ctx, id, input),
    /** The figures a close (or cancel) would post (close-preview.ts). */
    preview: (ctx: Ctx, id: string, operation?: ClosingOperation) => previewClosing(deps, ctx, id, operation),
  };
}
