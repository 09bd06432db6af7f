import type { Executor } from '../../db/create-db.ts';
import { isOpen } from '../../shared/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleRecord } from './engagements.access.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo, type EngagementRecord } from './engagements.repo.ts';

/** Refuses changes to a closed or cancelled engagement (409 ENGAGEMENT_NOT_OPEN). */
export function assertOpen(engagement: Pick<EngagementRecord, 'number' | 'status'>, what: string): void {
  if (isOpen(engagement.status)) return;
  throw new AppError(
    'ENGAGEMENT_NOT_OPEN',
    `Engagement ${engagement.number} is ${engagement.status}: ${what} is no longer possible. A later correction is a contract adjustment with a reason.`,
    { status: engagement.status },
  );
}

/** Team members must be active provider users; each problem names the user. */
export async function assertTeamCandidates(ex: Executor, members: readonly { userId: string }[]): Promise<void> {
  const users = await engagementsRepo.users(ex, [...new Set(members.map((m) => m.userId))]);
  const problems = members.flatMap((member) => {
    const user = users.find((candidate) => candidate.id === member.userId);
    if (!user || user.organization_kind !== 'provider')
      return [`${member.userId} is not a user of the IR firm: only provider staff join an engagement team`];
    if (user.status !== 'active')
      return [`${user.name} (${user.email}) is ${user.status}: only active users join an engagement team`];
    return [];
  });
  if (problems.length) throw new AppError('BUSINESS_RULE', `${problems.join('; ')}.`, { problems });
}

/** Refuses a planned end before the planned start (`path` names the field for the caller's input). */
export function assertPlannedOrder(start: Date | null, end: Date | null, path: string): void {
  if (start && end && end.getTime() < start.getTime())
    throw new AppError('VALIDATION_FAILED', 'The planned end is before the planned start.', {
      errors: [{ path, message: 'before plannedStart' }],
    });
}

/** The visible engagement locked for a manager's change: IR managers and admins only, and only while open. */
export async function lockedForManager(trx: Executor, ctx: Ctx, id: string, what: string): Promise<EngagementRecord> {
  const engagement = await visibleRecord(trx, ctx.actor, id, { lock: true });
  authorize(ctx.actor, engagementsPolicy.manage, `Only IR managers and admins ${what}.`);
  assertOpen(engagement, what);
  return engagement;
}
