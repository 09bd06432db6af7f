import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { OutboxState } from './mail.rules.ts';
import type { MailboxMessagesTable, OutboxTable } from './mail.tables.ts';

export type OutboxRow = Selectable<OutboxTable>;
export type MailboxRow = Selectable<MailboxMessagesTable>;

/** A person an address belongs to, with the zones their emails may be written in (own first). */
export interface RecipientRow {
  email: string;
  source: 'contact' | 'user';
  own_zone: string | null;
  contact_zone: string | null;
  customer_zone: string | null;
  role: string | null;
}

/** An outbox message as the admin listing shows it: no bodies, no attachments. */
export interface OutboxListRow {
  id: string;
  topic: string;
  message_id: string;
  status: OutboxRow['status'];
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  subject: string;
  to: string[];
  cc: string[] | null;
}

/** `outboxState` (mail.rules.ts) in SQL, for filters and counts; a test compares the two. */
function stateCondition(state: OutboxState, now: Date): RawBuilder<boolean> {
  const notClaimed = sql`(locked_until IS NULL OR locked_until <= ${now})`;
  switch (state) {
    case 'queued':
      return sql<boolean>`(status = 'pending' AND last_error IS NULL AND ${notClaimed})`;
    case 'sending':
      return sql<boolean>`(status = 'pending' AND locked_until > ${now})`;
    case 'failing':
      return sql<boolean>`(status = 'pending' AND last_error IS NOT NULL AND ${notClaimed})`;
    case 'delivered':
      return sql<boolean>`(status = 'delivered')`;
    case 'failed':
      return sql<boolean>`(status = 'failed')`;
  }
}

const selectListRows = (ex: Executor) =>
  ex
    .selectFrom('outbox')
    .select([
      'id',
      'topic',
      'message_id',
      'status',
      'attempts',
      'next_attempt_at',
      'locked_until',
      'last_error',
      'created_at',
      'delivered_at',
    ])
    .select([
      sql<string>`coalesce(payload->>'subject', '')`.as('subject'),
      sql<string[]>`coalesce(payload->'to', '[]'::jsonb)`.as('to'),
      sql<string[] | null>`payload->'cc'`.as('cc'),
    ]);

export const mailRepo = {
  async insertOutbox(ex: Executor, row: Insertable<OutboxTable>): Promise<boolean> {
    const result = await ex
      .insertInto('outbox')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /**
   * Claims due messages for one delivery round; a claim expires so a crashed worker's messages are retried.
   * A message with an ordering key waits while an earlier message of that key is still pending.
   */
  async claimDue(ex: Executor, now: Date, lockMs: number, limit: number): Promise<OutboxRow[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    const result = await sql<OutboxRow>`
      UPDATE outbox SET locked_until = ${lockedUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now}
          AND (locked_until IS NULL OR locked_until < ${now})
          AND (ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM outbox earlier
            WHERE earlier.ordering_key = outbox.ordering_key AND earlier.status = 'pending'
              AND earlier.queue_seq < outbox.queue_seq))
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(ex);
    return result.rows;
  },

  async markDelivered(ex: Executor, id: string, at: Date): Promise<void> {
    await ex
      .updateTable('outbox')
      .set({ status: 'delivered', delivered_at: at, locked_until: null, last_error: null })
      .where('id', '=', id)
      .execute();
  },

  async markFailedAttempt(
    ex: Executor,
    id: string,
    nextAttemptAt: Date,
    error: string,
    permanent: boolean,
  ): Promise<void> {
    await ex
      .updateTable('outbox')
      .set({
        next_attempt_at: nextAttemptAt,
        locked_until: null,
        last_error: error.slice(0, 2000),
        ...(permanent ? { status: 'failed' as const } : {}),
      })
      .where('id', '=', id)
      .execute();
  },

  /** The outbox newest first, optionally in one state (as of `now`), without bodies. */
  async listOutbox(
    ex: Executor,
    f: { state?: OutboxState; now: Date; beforeId?: string; limit: number },
  ): Promise<OutboxListRow[]> {
    let query = selectListRows(ex).orderBy('id', 'desc').limit(f.limit);
    if (f.state) query = query.where(stateCondition(f.state, f.now));
    if (f.beforeId) query = query.where('id', '<', f.beforeId);
    return query.execute();
  },

  async getOutboxEntry(ex: Executor, id: string): Promise<OutboxListRow | undefined> {
    return selectListRows(ex).where('id', '=', id).executeTakeFirst();
  },

  /** How many messages are in each state as of `now`, and since when the oldest undelivered one waits. */
  async outboxSummary(
    ex: Executor,
    now: Date,
  ): Promise<Record<OutboxState, number> & { oldestWaitingSince: Date | null }> {
    const count = (state: OutboxState) => sql<number>`count(*) FILTER (WHERE ${stateCondition(state, now)})::int`;
    const result = await ex
      .selectFrom('outbox')
      .select([
        count('queued').as('queued'),
        count('sending').as('sending'),
        count('failing').as('failing'),
        count('delivered').as('delivered'),
        count('failed').as('failed'),
        sql<Date | null>`min(created_at) FILTER (WHERE status = 'pending')`.as('oldestWaitingSince'),
      ])
      .executeTakeFirstOrThrow();
    return result;
  },

  /** One message, its row locked for the caller's transaction. */
  async lockOutbox(ex: Executor, id: string): Promise<OutboxRow | undefined> {
    return ex.selectFrom('outbox').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** Makes every message in `state` due now again; returns their ids. */
  async rescheduleAllNow(ex: Executor, state: OutboxState, now: Date): Promise<string[]> {
    const result = await ex
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: now, locked_until: null })
      .where(stateCondition(state, now))
      .returning('id')
      .execute();
    return result.map((x) => x.id);
  },

  /** Makes a message due now again (a retry asked by an admin); its attempts and last error stay as history. */
  async rescheduleNow(ex: Executor, id: string, now: Date): Promise<void> {
    await ex
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: now, locked_until: null })
      .where('id', '=', id)
      .execute();
  },

  async insertMailbox(ex: Executor, row: Insertable<MailboxMessagesTable>): Promise<void> {
    await ex
      .insertInto('mailbox_messages')
      .values(row)
      .onConflict((oc) => oc.column('outbox_id').doNothing())
      .execute();
  },

  async listMailbox(ex: Executor, filter: { to?: string; beforeId?: string; limit: number }) {
    let query = ex
      .selectFrom('mailbox_messages')
      .select(['id', 'message_id', 'from_address', 'to_addresses', 'subject', 'attachments', 'created_at'])
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.to) query = query.where(sql<boolean>`to_addresses @> ${JSON.stringify([filter.to])}::jsonb`);
    if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
    return query.execute();
  },

  /**
   * Who the addresses belong to, by lower-case address: contacts (with their customer's zone), customer users
   * (with their contact's and customer's zones) and staff users. An address may match several rows.
   */
  async recipientsByEmail(ex: Executor, emailsLower: string[]): Promise<RecipientRow[]> {
    if (emailsLower.length === 0) return [];
    const result = await sql<RecipientRow>`
      SELECT c.email_lower AS email, 'contact' AS source, c.time_zone AS own_zone, NULL AS contact_zone,
             cu.time_zone AS customer_zone, NULL AS role
      FROM contacts c JOIN customers cu ON cu.id = c.customer_id
      WHERE c.email_lower IN (${sql.join(emailsLower)})
      UNION ALL
      SELECT u.email_lower, 'user', u.time_zone, c.time_zone, cu.time_zone, u.role
      FROM users u
      LEFT JOIN contacts c ON c.id = u.contact_id
      LEFT JOIN customers cu ON cu.organization_id = u.organization_id
      WHERE u.email_lower IN (${sql.join(emailsLower)}) AND u.status <> 'disabled'`.execute(ex);
    return result.rows;
  },

  async getMailbox(ex: Executor, id: string): Promise<MailboxRow | undefined> {
    return ex.selectFrom('mailbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
