/** The EWO version and change-order state machines (tables in shared/workorders.ts): refused moves and why a subject can no longer be decided. */
import type { ChangeOrderStatus, WorkOrderStatus } from '../../shared/contracts/workorders.ts';
import { AppError } from '../../shared/errors.ts';
import { changeOrderTransitions, versionTransitions } from '../../shared/workorders.ts';

/** Refuses a move the version lifecycle does not allow (409 INVALID_TRANSITION). */
export function assertVersionTransition(from: WorkOrderStatus, to: WorkOrderStatus, what = 'The EWO version'): void {
  if (versionTransitions[from].includes(to)) return;
  throw new AppError(
    'INVALID_TRANSITION',
    `${what} is ${from.replace(/_/g, ' ')}: it cannot become ${to.replace(/_/g, ' ')}.`,
    { from, to, allowed: versionTransitions[from] },
  );
}

/** Refuses a move the change-order lifecycle does not allow (409 INVALID_TRANSITION). */
export function assertChangeOrderTransition(from: ChangeOrderStatus, to: ChangeOrderStatus): void {
  if (changeOrderTransitions[from].includes(to)) return;
  throw new AppError('INVALID_TRANSITION', `The change order is ${from}: it cannot become ${to}.`, {
    from,
    to,
    allowed: changeOrderTransitions[from],
  });
}

/** Why a sent version (or change order) can no longer be decided at `now`, or null when it can. */
export function notDecidableReason(
  workOrder: { status: string; approvalDeadline: Date | null },
  now: Date,
): string | null {
  if (workOrder.status !== 'sent') {
    const why: Record<string, string> = {
      draft: 'it has not been sent for approval yet',
      approved: 'it was approved already',
      declined: 'it was declined',
      changes_requested: 'changes were requested, and the firm is revising it',
      superseded: 'the firm revised it: a newer version replaces this one',
      expired: 'its approval deadline passed',
      void: 'its request was withdrawn or rejected before it was sent',
    };
    return why[workOrder.status] ?? `it is ${workOrder.status}`;
  }
  if (workOrder.approvalDeadline && workOrder.approvalDeadline.getTime() <= now.getTime())
    return `its approval deadline (${workOrder.approvalDeadline.toISOString()}) passed`;
  return null;
}
