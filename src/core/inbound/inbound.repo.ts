import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { InboundMessagesTable } from './inbound.tables.ts';

export type InboundRow = Selectable<InboundMessagesTable>;

export const inboundRepo = {
  async byMessageId(ex: Executor, messageId: string): Promise<InboundRow | undefined> {
    return ex.selectFrom('inbound_messages').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  },

  /** Inserts the message unless one with the same Message-ID exists; returns whether it was new. */
  async insert(ex: Executor, row: Insertable<InboundMessagesTable>): Promise<boolean> {
    const result = await ex
      .insertInto('inbound_messages')
      .values(row)
      .onConflict((oc) => oc.column('message_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async recordOutcome(
    ex: Executor,
    id: string,
    o: { handler: string | null; outcome: string; detail: string; at: Date },
  ): Promise<void> {
    await ex
      .updateTable('inbound_messages')
      .set({ handler: o.handler, outcome: o.outcome, outcome_detail: o.detail, handled_at: o.at })
      .where('id', '=', id)
      .execute();
  },

  async list(ex: Executor, page: { beforeSeq?: number; limit: number }) {
    let query = ex
      .selectFrom('inbound_messages')
      .select([
        'id',
        'seq',
        'message_id',
        'from_address',
        'envelope_from',
        'to_addresses',
        'subject',
        'automated',
        'received_at',
        'handler',
        'outcome',
        'outcome_detail',
      ])
      .orderBy('seq', 'desc')
      .limit(page.limit);
    if (page.beforeSeq !== undefined) query = query.where('seq', '<', page.beforeSeq);
    return query.execute();
  },

  /**
   * How many automatic answers went to this address since `since` (the flood and loop limit), under a
   * transaction-scoped lock of the address so that two messages handled at once count each other.
   */
  async autoRepliesSince(ex: Executor, address: string, topic: string, since: Date): Promise<number> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`inbound-reply:${address.toLowerCase()}`}))`.execute(ex);
    const row = await ex
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic', '=', topic)
      .where('created_at', '>', since)
      .where(sql<boolean>`payload->'to' @> ${JSON.stringify([address])}::jsonb`)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** Whether the address is the stored address of some customer's contact (strangers get no answer). */
  async isKnownContact(ex: Executor, address: string): Promise<boolean> {
    const row = await ex
      .selectFrom('contacts')
      .select('id')
      .where('email_lower', '=', address.trim().toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  },
};
