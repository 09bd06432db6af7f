import type { TopUpRequestStatus } from '../../shared/contracts/topups.ts';
import { AppError } from '../../shared/errors.ts';

/** The lifecycle of a top-up request: it is decided once, by the account team or withdrawn by the customer. */
export const topUpRequestTransitions: Record<TopUpRequestStatus, readonly TopUpRequestStatus[]> = {
  pending: ['accepted', 'declined', 'withdrawn'],
  accepted: [],
  declined: [],
  withdrawn: [],
};

export const canMove = (from: TopUpRequestStatus, to: TopUpRequestStatus): boolean =>
  topUpRequestTransitions[from].includes(to);

/** What a customer reads for each status. */
export const statusLabels: Record<TopUpRequestStatus, string> = {
  pending: 'pending',
  accepted: 'accepted',
  declined: 'declined',
  withdrawn: 'withdrawn',
};

/**
 * A request that is no longer pending cannot be decided again: 409 TOPUP_REQUEST_DECIDED, with the outcome
 * that won (its status, when and by whom) so a second manager sees what the first did.
 */
export function alreadyDecided(
  request: { id: string; status: TopUpRequestStatus; decided_at: Date | null; decided_by: string | null },
  outcome: Record<string, unknown> = {},
): AppError {
  // The time stays in `details` (an instant for programs); people read who did it and reload to see when.
  return new AppError(
    'TOPUP_REQUEST_DECIDED',
    `This top-up request was already ${statusLabels[request.status]}${request.decided_by ? ` by ${request.decided_by}` : ''}. Nothing was changed; reload to see it.`,
    {
      status: request.status,
      decidedAt: request.decided_at?.toISOString() ?? null,
      decidedBy: request.decided_by,
      ...outcome,
    },
  );
}

/** Refuses a move the lifecycle does not allow (409 with the current outcome). */
export function assertTransition(
  request: { id: string; status: TopUpRequestStatus; decided_at: Date | null; decided_by: string | null },
  to: TopUpRequestStatus,
): void {
  if (!canMove(request.status, to)) throw alreadyDecided(request);
}
