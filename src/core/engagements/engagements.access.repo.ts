import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { DB } from '../../db/schema.ts';
import type { EngagementVisibility } from './engagements.access.ts';
import type { EngagementStatus } from './engagements.tables.ts';

/** An engagement as expenses and deliverables need it: its tenant, contract and number. */
export interface EngagementRef {
  id: string;
  number: string;
  title: string;
  status: EngagementStatus;
  customerId: string;
  customerName: string;
  organizationId: string;
  contractId: string;
  requestId: string;
}

/** The tables an engagement filter refers to: the engagement as `e`, its customer as `c`. */
type EngagementWithCustomer = DB & { e: DB['engagements']; c: DB['customers'] };
type EngagementFilterBuilder = ExpressionBuilder<EngagementWithCustomer, 'e' | 'c'>;

/** SQL form of "the user is on the engagement's team" (the engagement as `e`). */
export const onTeamOf =
  (userId: string) =>
  (eb: EngagementFilterBuilder): Expression<SqlBool> =>
    eb.exists(
      eb
        .selectFrom('engagement_team as t')
        .select('t.user_id')
        .whereRef('t.engagement_id', '=', 'e.id')
        .where('t.user_id', '=', userId),
    );

/**
 * SQL form of `canSeeEngagement` (engagements.access.ts) for a query over `engagements as e` joined to
 * `customers as c`: the same visibility, read the same way. engagements.access.test compares the two.
 */
export const visibleTo =
  (visibility: EngagementVisibility) =>
  (eb: EngagementFilterBuilder): Expression<SqlBool> => {
    switch (visibility.kind) {
      case 'every':
        return eb.lit(true);
      case 'none':
        return eb.lit(false);
      case 'organization':
        return eb('c.organization_id', '=', visibility.organizationId);
      case 'team':
        return onTeamOf(visibility.userId)(eb);
    }
  };

/** Reads of the engagement that visibility checks need (shared by engagements, expenses and deliverables). */
export const engagementAccessRepo = {
  async engagement(ex: Executor, id: string): Promise<EngagementRef | undefined> {
    const row = await ex
      .selectFrom('engagements')
      .innerJoin('customers', 'customers.id', 'engagements.customer_id')
      .select([
        'engagements.id',
        'engagements.number',
        'engagements.title',
        'engagements.status',
        'engagements.customer_id',
        'customers.name as customer_name',
        'customers.organization_id',
        'engagements.contract_id',
        'engagements.request_id',
      ])
      .where('engagements.id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        number: row.number,
        title: row.title,
        status: row.status,
        customerId: row.customer_id,
        customerName: row.customer_name,
        organizationId: row.organization_id,
        contractId: row.contract_id,
        requestId: row.request_id,
      }
    );
  },

  async isTeamMember(ex: Executor, engagementId: string, userId: string): Promise<boolean> {
    const row = await ex
      .selectFrom('engagement_team')
      .select('user_id')
      .where('engagement_id', '=', engagementId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The active provider users on the engagement's team (for notifications). */
  async activeTeam(
    ex: Executor,
    engagementId: string,
  ): Promise<{ id: string; email: string; name: string; role: string }[]> {
    return ex
      .selectFrom('engagement_team')
      .innerJoin('users', 'users.id', 'engagement_team.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.role'])
      .where('engagement_team.engagement_id', '=', engagementId)
      .where('users.status', '=', 'active')
      .orderBy('users.id')
      .execute();
  },
};
