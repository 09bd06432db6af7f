import type { Executor } from '../db/create-db.ts';
import type { Role } from '../shared/roles.ts';

/**
 * The few reads of the demo loaders that no service offers: picking demo staff, and finding the engagements
 * and approval links the loaders made.
 */
export const demoRepo = {
  /** Active users of a role, ordered by `email` or `id` (the demo picks the first as "the" manager). */
  async activeUserIds(ex: Executor, role: Role, orderBy: 'email' | 'id'): Promise<string[]> {
    const rows = await ex
      .selectFrom('users')
      .select('id')
      .where('role', '=', role)
      .where('status', '=', 'active')
      .orderBy(orderBy)
      .execute();
    return rows.map((row) => row.id);
  },

  /** Active IR managers of the provider, by id. */
  async providerManagerIds(ex: Executor): Promise<string[]> {
    const rows = await ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select('users.id')
      .where('organizations.kind', '=', 'provider')
      .where('users.role', '=', 'ir_manager')
      .where('users.status', '=', 'active')
      .orderBy('users.id')
      .execute();
    return rows.map((row) => row.id);
  },

  /** Every engagement id, in id order. */
  async engagementIds(ex: Executor): Promise<string[]> {
    return (await ex.selectFrom('engagements').select('id').orderBy('id').execute()).map((row) => row.id);
  },

  /** Engagements still open for staffing, with their approved window (dates) and the customer's zone. */
  async openEngagementWindows(
    ex: Executor,
  ): Promise<{ id: string; status: string; windowStart: string; windowEnd: string; timeZone: string }[]> {
    const rows = await ex
      .selectFrom('engagements')
      .innerJoin('customers', 'customers.id', 'engagements.customer_id')
      .select([
        'engagements.id',
        'engagements.status',
        'engagements.window_start',
        'engagements.window_end',
        'customers.time_zone',
      ])
      .where('engagements.status', 'in', ['scheduled', 'in_progress', 'on_hold', 'delivering'])
      .where('engagements.window_start', 'is not', null)
      .where('engagements.window_end', 'is not', null)
      .orderBy('engagements.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      windowStart: row.window_start!,
      windowEnd: row.window_end!,
      timeZone: row.time_zone,
    }));
  },

  async engagementHasEffort(ex: Executor, engagementId: string): Promise<boolean> {
    const row = await ex
      .selectFrom('effort_entries')
      .select('id')
      .where('engagement_id', '=', engagementId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The first of `ids` in progress or delivering whose minimum is above its consumption (a true-up on close). */
  async engagementsBelowMinimum(ex: Executor, ids: string[], limit: number): Promise<string[]> {
    const rows = await ex
      .selectFrom('engagements')
      .select('id')
      .where('id', 'in', ids)
      .where('status', 'in', ['in_progress', 'delivering'])
      .whereRef('minimum_billable', '>', 'effort_consumed')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  },

  /** Whether an engagement has any expense or deliverable yet. */
  async engagementHasExpensesOrDeliverables(ex: Executor, engagementId: string): Promise<boolean> {
    const row = await ex
      .selectFrom('expenses')
      .select('id')
      .where('engagement_id', '=', engagementId)
      .union(ex.selectFrom('deliverables').select('id').where('engagement_id', '=', engagementId))
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The emails of EWOs and change orders sent, newest first (the demo follows their signed links). */
  async approvalEmails(ex: Executor): Promise<{ to: string[]; text: string }[]> {
    const rows = await ex
      .selectFrom('outbox')
      .select(['payload'])
      .where('topic', 'in', ['ewo.sent', 'change_order.sent'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => ({ to: row.payload.to, text: row.payload.text }));
  },
};
