import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { MailboxMessagesTable, OutboxTable } from './mail.tables.ts';

export type OutboxRow = Selectable<OutboxTable>;
export type MailboxRow = Selectable<MailboxMessagesTable>;

export const mailRepo = {
  async insertOutbox(ex: Executor, row: Insertable<OutboxTable>): Promise<boolean> {
    const r = await ex
      .insertInto('outbox')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /** Claims due messages for one delivery round; a claim expires so a crashed worker's messages are retried. */
  async claimDue(ex: Executor, now: Date, lockMs: number, limit: number): Promise<OutboxRow[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    const r = await sql<OutboxRow>`
      UPDATE outbox SET locked_until = ${lockedUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now}
          AND (locked_until IS NULL OR locked_until < ${now})
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(ex);
    return r.rows;
  },

  async markDelivered(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('outbox').set({ status: 'delivered', delivered_at: at, locked_until: null, last_error: null }).where('id', '=', id).execute();
  },

  async markFailedAttempt(ex: Executor, id: string, nextAttemptAt: Date, error: string, permanent: boolean): Promise<void> {
    await ex
      .updateTable('outbox')
      .set({ next_attempt_at: nextAttemptAt, locked_until: null, last_error: error.slice(0, 2000), ...(permanent ? { status: 'failed' as const } : {}) })
      .where('id', '=', id)
      .execute();
  },

  async listOutbox(ex: Executor, f: { status?: OutboxRow['status']; beforeId?: string; limit: number }): Promise<OutboxRow[]> {
    let q = ex.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(f.limit);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.beforeId) q = q.where('id', '<', f.beforeId);
    return q.execute();
  },

  async insertMailbox(ex: Executor, row: Insertable<MailboxMessagesTable>): Promise<void> {
    await ex.insertInto('mailbox_messages').values(row).onConflict((oc) => oc.column('outbox_id').doNothing()).execute();
  },

  async listMailbox(ex: Executor, f: { to?: string; beforeId?: string; limit: number }) {
    let q = ex
      .selectFrom('mailbox_messages')
      .select(['id', 'message_id', 'from_address', 'to_addresses', 'subject', 'attachments', 'created_at'])
      .orderBy('id', 'desc')
      .limit(f.limit);
    if (f.to) q = q.where(sql<boolean>`to_addresses @> ${JSON.stringify([f.to])}::jsonb`);
    if (f.beforeId) q = q.where('id', '<', f.beforeId);
    return q.execute();
  },

  async getMailbox(ex: Executor, id: string): Promise<MailboxRow | undefined> {
    return ex.selectFrom('mailbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
