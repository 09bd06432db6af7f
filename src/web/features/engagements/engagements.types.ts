/**
 * Types of the engagements and effort API as the web sees them, derived from the zod contracts the server
 * validates with (type-only imports: no zod code reaches the browser bundle).
 */
import type { z } from 'zod';
import type * as effort from '../../../shared/contracts/effort.ts';
import type * as engagements from '../../../shared/contracts/engagements.ts';

export type { Activity } from '../../../shared/domain.ts';
export type { EngagementStatus } from '../../../shared/contracts/engagements.ts';

export type EngagementSummary = z.output<typeof engagements.EngagementSummary>;
export type Engagement = z.output<typeof engagements.Engagement>;
export type TeamMember = z.output<typeof engagements.TeamMember>;
export type EngagementClosing = z.output<typeof engagements.EngagementClosingView>;
export type ClosePreview = z.output<typeof engagements.ClosePreview>;
export type Burn = z.output<typeof engagements.Burn>;
export type UpdateEngagementBody = z.input<typeof engagements.UpdateEngagementBody>;
export type CloseBody = z.input<typeof engagements.CloseBody>;
export type CancelBody = z.input<typeof engagements.CancelBody>;

export type EffortEntry = z.output<typeof effort.EffortEntry>;
export type EffortPosted = z.output<typeof effort.EffortResponse>;
export type CustomerEffortEntry = z.output<typeof effort.CustomerEffortEntry>;
export type EngagementEffort = z.output<typeof effort.EngagementEffort>;
export type EffortTotals = z.output<typeof effort.EffortTotals>;
export type BillingStatus = EffortEntry['billingStatus'];
export type LogEffortBody = z.input<typeof effort.LogEffortBody>;
export type UpdateEffortBody = z.input<typeof effort.UpdateEffortBody>;
