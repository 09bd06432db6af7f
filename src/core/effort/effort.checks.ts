import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Executor } from '../../db/create-db.ts';
import { localDate } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { engagementsPolicy } from '../engagements/engagements.policy.ts';
import type { EffortContext, EngagementRecord } from '../engagements/engagements.repo.ts';
import { takesEffort } from '../../shared/engagements.ts';
import type { EffortDeps, EffortInput, EntryValues } from './effort.deps.ts';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const invalidDate = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { errors: [{ path: 'body.date', message }] });

/** The effort's person must be on the team, or an active IR manager or admin; returns their name. */
export function assertMayLog(context: EffortContext, userId: string): string {
  const staff = context.user_organization_kind === 'provider' && context.user_status === 'active';
  if (
    context.user_name !== null &&
    (context.user_member || (staff && (context.user_role === 'ir_manager' || context.user_role === 'admin')))
  )
    return context.user_name;
  throw new AppError(
    'BUSINESS_RULE',
    `${context.user_name ? `${context.user_name} (${context.user_email})` : `User ${userId}`} is not on the team of engagement ${context.number}: only team members and IR managers log effort. Add them to the team first.`,
    { userId },
  );
}

/** Not in the future (the customer's today by the clock), not before the approval day. */
export function assertWorkDate(deps: Pick<EffortDeps, 'clock'>, engagement: EngagementRecord, date: string): void {
  const today = localDate(deps.clock.now(), engagement.time_zone);
  if (date > today)
    throw invalidDate(
      `${date} is in the future: in ${engagement.time_zone} it is ${today}. Log effort on the day it was done or later.`,
    );
  const approved = localDate(engagement.created_at, engagement.time_zone);
  if (date < approved)
    throw invalidDate(
      `${date} is before engagement ${engagement.number} was approved (${approved}): work before approval is not billable (scoping and EWO drafting are free).`,
    );
}

/** Effort is logged and corrected only while the engagement takes effort. */
export function assertTakesEffort(engagement: EngagementRecord, what: string): void {
  if (takesEffort(engagement.status)) return;
  const hint =
    engagement.status === 'scheduled'
      ? 'Start it first (transition to in_progress).'
      : 'A closed or cancelled engagement takes no more effort; a later correction is a contract adjustment with a reason.';
  throw new AppError(
    'ENGAGEMENT_NOT_OPEN',
    `Engagement ${engagement.number} is ${engagement.status}: ${what} only while it is in progress, on hold or delivering. ${hint}`,
    { status: engagement.status },
  );
}

/** Consultants act on their own entries; IR managers and admins on anyone's. */
export function assertActsFor(ctx: Ctx, userId: string): void {
  const actor = ctx.actor;
  authorize(actor, engagementsPolicy.logEffort, 'Only team members and IR managers log effort.');
  const me = actor.userId;
  if (!engagementsPolicy.logForOthers(actor) && userId !== me)
    throw new AppError('FORBIDDEN', 'Consultants log and correct their own effort only.');
}

/** The acting user's id ('' for other actors). */
export const actorIdOf = (ctx: Ctx): string => (ctx.actor.type === 'user' ? ctx.actor.userId : '');

/** Whether the actor may log on `engagement` for `userId` (the effort's person), and the request's values and hash (for its Idempotency-Key); refusals throw. */
export async function requestOf(
  deps: Pick<EffortDeps, 'engagements' | 'clock'>,
  ex: Executor,
  ctx: Ctx,
  engagement: EffortContext,
  userId: string,
  input: EffortInput,
  key: string | null,
): Promise<{ values: EntryValues; requestHash: string | null }> {
  await deps.engagements.assertVisible(
    ex,
    ctx.actor,
    engagement,
    userId === actorIdOf(ctx) ? engagement.user_member : undefined,
  );
  assertActsFor(ctx, userId);
  const values = {
    userId,
    date: input.date ?? localDate(deps.clock.now(), engagement.time_zone),
    minutes: input.minutes,
    activity: input.activity,
    afterHours: input.afterHours ?? false,
    note: input.note?.trim() ?? '',
  };
  const requestHash = key ? sha256(canonicalize({ ...values, date: input.date ?? null }) ?? '') : null;
  return { values, requestHash };
}

/** New effort (not a replay) on `engagement` now: it takes effort, the person may log, the date fits; their name. */
export function assertMayLogNow(
  deps: Pick<EffortDeps, 'clock'>,
  engagement: EffortContext,
  values: EntryValues,
): string {
  assertTakesEffort(engagement, 'effort is logged');
  const userName = assertMayLog(engagement, values.userId);
  assertWorkDate(deps, engagement, values.date);
  return userName;
}
