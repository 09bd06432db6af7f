import type { EngagementStatus } from './contracts/engagements.ts';
import type { ProviderRole } from './roles.ts';

/** Provider roles that see every engagement (consultants see those whose team they are on): engagementsPolicy.readAll. */
export const engagementReaderRoles = [
  'admin',
  'ir_manager',
  'account_manager',
] as const satisfies readonly ProviderRole[];

/** Provider roles that manage engagements (moves, team, planned dates, close, cancel): engagementsPolicy.manage. */
export const engagementManagerRoles = ['admin', 'ir_manager'] as const satisfies readonly ProviderRole[];

/**
 * The engagement lifecycle as the server and the browser both read it (pure, browser-safe). The refusal
 * with its message (`assertTransition`) stays on the server in core/engagements/engagements.rules.ts.
 */

/** How a move is made: the transitions endpoint, or the close and cancel operations (which post on the ledger). */
export type TransitionVia = 'transition' | 'close' | 'cancel';

/**
 * The engagement lifecycle of domain.md: from → the states it may reach, and through which operation.
 * `closed` and `cancelled` are reached only by the close and cancel operations; `on_hold` goes back only
 * to the state it was entered from (checked by `assertTransition` with `statusBeforeHold`).
 */
export const engagementTransitions: Record<EngagementStatus, readonly { to: EngagementStatus; via: TransitionVia }[]> =
  {
    scheduled: [
      { to: 'in_progress', via: 'transition' },
      { to: 'cancelled', via: 'cancel' },
    ],
    in_progress: [
      { to: 'delivering', via: 'transition' },
      { to: 'on_hold', via: 'transition' },
      { to: 'closed', via: 'close' },
      { to: 'cancelled', via: 'cancel' },
    ],
    delivering: [
      { to: 'on_hold', via: 'transition' },
      { to: 'closed', via: 'close' },
      { to: 'cancelled', via: 'cancel' },
    ],
    on_hold: [
      { to: 'in_progress', via: 'transition' },
      { to: 'delivering', via: 'transition' },
      { to: 'cancelled', via: 'cancel' },
    ],
    closed: [],
    cancelled: [],
  };

/** The states a move through `via` may reach from `from` (on hold: only back where it came from). */
export function allowedTargets(
  from: EngagementStatus,
  via: TransitionVia,
  statusBeforeHold: EngagementStatus | null = null,
): EngagementStatus[] {
  return engagementTransitions[from]
    .filter((t) => t.via === via)
    .map((t) => t.to)
    .filter((to) => from !== 'on_hold' || via !== 'transition' || statusBeforeHold === null || to === statusBeforeHold);
}

export const canTransition = (
  from: EngagementStatus,
  to: EngagementStatus,
  via: TransitionVia,
  statusBeforeHold: EngagementStatus | null = null,
): boolean => allowedTargets(from, via, statusBeforeHold).includes(to);

/** Effort may be logged (and corrected) only while the work is under way. */
export const takesEffort = (status: EngagementStatus): boolean =>
  status === 'in_progress' || status === 'on_hold' || status === 'delivering';

/** Not yet closed or cancelled: team and dates may change, cancel is possible. */
export const isOpen = (status: EngagementStatus): boolean => status !== 'closed' && status !== 'cancelled';
