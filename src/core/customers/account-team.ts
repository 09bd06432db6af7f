import type { Executor } from '../../db/create-db.ts';
import type { Role } from '../../shared/roles.ts';
import { accountsRepo } from '../accounts/accounts.repo.ts';
import { assertNoProblems } from './customers.checks.ts';
import { teamOf } from './customers.load.ts';
import { accountTeamProblems, distinct } from './customers.rules.ts';
import { toMember, type TeamMemberView } from './customers.views.ts';

/** Refuses account team members that are not active account managers or IR managers of the firm. */
export async function assertTeamMembers(ex: Executor, userIds: readonly string[]): Promise<void> {
  const found = new Map<string, { organizationKind: 'provider' | 'customer'; role: Role; status: string }>();
  for (const id of distinct(userIds)) {
    const user = await accountsRepo.userById(ex, id);
    if (user) found.set(id, { organizationKind: user.organization_kind, role: user.role, status: user.status });
  }
  assertNoProblems(accountTeamProblems(userIds, found));
}

/** The active members of the customer's account team (id, email, name, role), for notifications. */
export async function activeAccountTeam(ex: Executor, customerId: string): Promise<TeamMemberView[]> {
  return (await teamOf(ex, customerId)).filter((member) => member.status === 'active').map(toMember);
}
