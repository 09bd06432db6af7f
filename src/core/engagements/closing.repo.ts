import type { Executor } from '../../db/create-db.ts';
import type { FrozenChangeOrder } from '../../shared/workorders.ts';

/** What closing reads besides the engagement (read only; the work orders feature writes change orders). */
export const closingRepo = {
  /** The engagement's approved change orders with their frozen deltas (ledger units), in the order approved. */
  async approvedChangeOrders(ex: Executor, engagementId: string): Promise<{ number: string; delta: number }[]> {
    const rows = await ex
      .selectFrom('change_orders')
      .select(['number', 'frozen'])
      .where('engagement_id', '=', engagementId)
      .where('status', '=', 'approved')
      .orderBy('decided_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      number: row.number,
      delta: (row.frozen as unknown as FrozenChangeOrder | null)?.delta.total.amount ?? 0,
    }));
  },
};
