import type { MantineColor } from '@mantine/core';
import { ESTIMATE_WARNING_PERCENT } from '../../../shared/effort.ts';
import { engagementStatuses } from '../../../shared/contracts/engagements.ts';
import { allowedTargets, canTransition, isOpen, takesEffort } from '../../../shared/engagements.ts';
import type { Activity, BillingStatus, Engagement, EngagementStatus } from './engagements.types.ts';
import { labels } from '../../../shared/labels.ts';

/** Every engagement status, in lifecycle order (the server's `engagementStatuses`). */
export const engagementStatusList = engagementStatuses;

/** Not yet closed or cancelled: the list's default view. */
export const openEngagementStatuses: readonly EngagementStatus[] = engagementStatuses.filter(isOpen);

export const engagementStatusLabels: Record<EngagementStatus, string> = labels.engagementStatus;

export const engagementStatusColors: Record<EngagementStatus, MantineColor> = {
  scheduled: 'blue',
  in_progress: 'teal',
  on_hold: 'yellow',
  delivering: 'indigo',
  closed: 'dark',
  cancelled: 'gray',
};

export const activityLabels: Record<Activity, string> = labels.activity;

export const billingStatusLabels: Record<BillingStatus, string> = labels.billingStatus;

export const billingStatusColors: Record<BillingStatus, MantineColor> = {
  consumed: 'teal',
  non_billable: 'gray',
  held: 'orange',
  fixed_price: 'indigo',
  written_off: 'red',
};

/** What each billing status means, for the badge's tooltip and the legend. */
export const billingStatusHelp: Record<BillingStatus, string> = {
  consumed: 'Drawn from the retainer.',
  non_billable: 'Recorded, never drawn (scoping, internal work, travel time unless the contract bills it).',
  held: 'Past the estimate plus tolerance: recorded, not drawn, until a change order covers it.',
  fixed_price: 'Covered by the fixed price, which is consumed when the engagement closes.',
  written_off: 'Held effort never covered by a change order, written off at close.',
};

export const pricingModeLabels: Record<Engagement['pricingMode'], string> = labels.pricingMode;
export const deliveryModeLabels: Record<Engagement['deliveryMode'], string> = labels.deliveryMode;

/** A move through POST /engagements/{id}/transitions, as a button and its dialog. */
export interface StatusMove {
  to: EngagementStatus;
  label: string;
  /** What the move means, in the confirmation dialog. */
  explain: string;
  reason: 'required' | 'optional';
}

/** The button and explanation of each ordinary move, by its target (leaving on hold is "Resume"). */
const moveTexts: Partial<Record<EngagementStatus, Omit<StatusMove, 'to'>>> = {
  in_progress: {
    label: 'Start work',
    reason: 'optional',
    explain: 'Work has started (kick-off): from now on the team logs effort, which draws the retainer down.',
  },
  delivering: {
    label: 'Move to delivering',
    reason: 'optional',
    explain: 'Field work is done; deliverables are in preparation. Effort can still be logged.',
  },
  on_hold: {
    label: 'Put on hold',
    reason: 'required',
    explain: 'Effort can still be logged while on hold (late notes, travel back); the engagement resumes where it was.',
  },
};

/**
 * The ordinary moves the lifecycle allows from this state, from the server's own table
 * (`allowedTargets` in shared/engagements.ts): start, deliver, hold, resume where it was.
 */
export function statusMoves(engagement: Pick<Engagement, 'status' | 'statusBeforeHold'>): StatusMove[] {
  return allowedTargets(engagement.status, 'transition', engagement.statusBeforeHold).map((to) => {
    if (engagement.status !== 'on_hold') return { to, ...moveTexts[to]! };
    const name = engagementStatusLabels[to].toLowerCase();
    return { to, label: `Resume (${name})`, reason: 'optional', explain: `The engagement goes back to ${name}.` };
  });
}

/** Close: in progress or delivering (on hold must resume first). */
export const canClose = (status: EngagementStatus): boolean => canTransition(status, 'closed', 'close');
/** Cancel: any open state. */
export const canCancel = (status: EngagementStatus): boolean => canTransition(status, 'cancelled', 'cancel');
/** Not closed or cancelled: it still takes change orders, effort corrections and expenses. */
export const isOpenEngagement = isOpen;
/** Effort is logged and corrected while the work is under way (the server's rule). */
export { takesEffort };

/** Consumed as a share of the estimate, 0–100 for the bar (an estimate of zero with consumption counts as full). */
export function consumedShare(consumed: number, estimate: number): number {
  if (estimate <= 0) return consumed > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, (consumed / estimate) * 100));
}

/** The bar's colour: teal under the warning share (90 %), orange from it (the IR manager has been told), red past the estimate. */
export function shareColor(consumed: number, estimate: number): MantineColor {
  if (estimate > 0 && consumed > estimate) return 'red';
  if (estimate > 0 && consumed * 100 >= estimate * ESTIMATE_WARNING_PERCENT) return 'orange';
  return 'teal';
}
