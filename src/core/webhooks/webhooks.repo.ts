import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { WebhookAttemptsTable, WebhookMessagesTable, WebhookSubscriptionsTable } from './webhooks.tables.ts';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type MessageRow = Selectable<WebhookMessagesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;
/** A claimed message with what its delivery needs from its subscription. */
export type ClaimedMessage = MessageRow & { url: string; secret: string };

/** A committed ledger entry the relay turns into `ledger.posted` events. */
export interface RelayedEntry {
  id: string;
  contract_id: string;
  seq: number;
  kind: string;
  amount: number;
  engagement_id: string | null;
  reverses_id: string | null;
  reference: string | null;
  balance_after: number;
  reserved_after: number;
  created_at: Date;
  hash: string;
  contract_number: string;
  customer_id: string;
  unit: string;
}

/** An arbitrary fixed key of the relay's transaction-scoped advisory lock: one relay at a time across workers. */
const RELAY_LOCK_KEY = 742_018_027;

export const webhooksRepo = {
  async insertSubscription(ex: Executor, row: Insertable<WebhookSubscriptionsTable>): Promise<void> {
    await ex.insertInto('webhook_subscriptions').values(row).execute();
  },

  async listSubscriptions(ex: Executor): Promise<SubscriptionRow[]> {
    return ex.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();
  },

  async subscription(ex: Executor, id: string, lock = false): Promise<SubscriptionRow | undefined> {
    const q = ex.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },

  async updateSubscription(ex: Executor, id: string, set: Updateable<WebhookSubscriptionsTable>): Promise<void> {
    await ex.updateTable('webhook_subscriptions').set(set).where('id', '=', id).execute();
  },

  async deleteSubscription(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
  },

  /** Enabled subscriptions that asked for `type`, with when each was made (an event older than it is not sent). */
  async subscribersOf(ex: Executor, type: string): Promise<{ id: string; created_at: Date }[]> {
    return ex
      .selectFrom('webhook_subscriptions')
      .select(['id', 'created_at'])
      .where('enabled', '=', true)
      .where(sql<boolean>`events @> ${JSON.stringify([type])}::jsonb`)
      .orderBy('id')
      .execute();
  },

  /** Writes messages; a dedupe key already used is skipped. Returns how many were written. */
  async insertMessages(ex: Executor, rows: Insertable<WebhookMessagesTable>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await ex
      .insertInto('webhook_messages')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  },

  /** Claims due messages of enabled subscriptions (a claim that expires, so a dead worker's are retried). */
  async claimDue(ex: Executor, now: Date, lockMs: number, limit: number): Promise<ClaimedMessage[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    const result = await sql<ClaimedMessage>`
      UPDATE webhook_messages m SET locked_until = ${lockedUntil}, attempts = m.attempts + 1
      FROM webhook_subscriptions s
      WHERE s.id = m.subscription_id AND m.id IN (
        SELECT wm.id FROM webhook_messages wm
        JOIN webhook_subscriptions ws ON ws.id = wm.subscription_id AND ws.enabled
        WHERE wm.status = 'pending' AND wm.next_attempt_at <= ${now}
          AND (wm.locked_until IS NULL OR wm.locked_until < ${now})
        ORDER BY wm.next_attempt_at, wm.id
        LIMIT ${limit}
        FOR UPDATE OF wm SKIP LOCKED)
      RETURNING m.*, s.url, s.secret`.execute(ex);
    return result.rows;
  },

  async insertAttempt(ex: Executor, row: Insertable<WebhookAttemptsTable>): Promise<void> {
    await ex.insertInto('webhook_attempts').values(row).execute();
  },

  async updateMessage(ex: Executor, id: string, set: Updateable<WebhookMessagesTable>): Promise<void> {
    await ex.updateTable('webhook_messages').set(set).where('id', '=', id).execute();
  },

  /** Counts a failed attempt against the subscription; returns its run of failures. */
  async noteFailure(
    ex: Executor,
    id: string,
    now: Date,
  ): Promise<{ consecutive_failures: number; failing_since: Date | null; enabled: boolean } | undefined> {
    return ex
      .updateTable('webhook_subscriptions')
      .set({
        consecutive_failures: sql`consecutive_failures + 1`,
        failing_since: sql`coalesce(failing_since, ${now})`,
      })
      .where('id', '=', id)
      .returning(['consecutive_failures', 'failing_since', 'enabled'])
      .executeTakeFirst();
  },

  async noteSuccess(ex: Executor, id: string): Promise<void> {
    await ex
      .updateTable('webhook_subscriptions')
      .set({ consecutive_failures: 0, failing_since: null })
      .where('id', '=', id)
      .where('consecutive_failures', '>', 0)
      .execute();
  },

  async message(ex: Executor, id: string, lock = false): Promise<MessageRow | undefined> {
    const q = ex.selectFrom('webhook_messages').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },

  /** A subscription's messages newest first (without bodies' secrets: bodies hold no secret). */
  async messagesOf(ex: Executor, subscriptionId: string, f: { beforeId?: string; limit: number }) {
    let q = ex
      .selectFrom('webhook_messages')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('id', 'desc')
      .limit(f.limit);
    if (f.beforeId) q = q.where('id', '<', f.beforeId);
    return q.execute();
  },

  async attemptsOf(ex: Executor, messageIds: string[]): Promise<AttemptRow[]> {
    if (messageIds.length === 0) return [];
    return ex
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('message_id', 'in', messageIds)
      .orderBy('message_id')
      .orderBy('id')
      .execute();
  },

  /** One relay at a time (transaction-scoped advisory lock); false when another holds it. */
  async tryRelayLock(ex: Executor): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) AS ok`.execute(ex);
    return r.rows[0]?.ok === true;
  },

  /**
   * Contracts whose committed ledger head is past the relay's cursor, with the range to relay. Entries of one
   * contract commit in `seq` order without gaps (each posting locks the contract's balance row and takes the
   * next seq), so a committed head `n` means every entry up to `n` is committed: a cursor per contract skips none.
   */
  async contractsBehind(
    ex: Executor,
    limit: number,
  ): Promise<{ contract_id: string; from_seq: number; to_seq: number }[]> {
    const r = await sql<{ contract_id: string; from_seq: number; to_seq: number }>`
      SELECT b.contract_id, coalesce(c.last_seq, 0) AS from_seq, b.last_seq AS to_seq
      FROM contract_balances b LEFT JOIN webhook_ledger_cursors c ON c.contract_id = b.contract_id
      WHERE b.last_seq > coalesce(c.last_seq, 0)
      ORDER BY b.contract_id
      LIMIT ${limit}`.execute(ex);
    return r.rows;
  },

  /** The entries of one contract with `from < seq <= to`, in order, with what a receiver needs to read them. */
  async entriesBetween(ex: Executor, contractId: string, from: number, to: number): Promise<RelayedEntry[]> {
    const r = await sql<RelayedEntry>`
      SELECT e.id, e.contract_id, e.seq, e.kind, e.amount::int8 AS amount, e.engagement_id, e.reverses_id, e.reference,
             e.balance_after, e.reserved_after, e.created_at, e.hash,
             c.number AS contract_number, c.customer_id, c.unit
      FROM ledger_entries e JOIN contracts c ON c.id = e.contract_id
      WHERE e.contract_id = ${contractId} AND e.seq > ${from} AND e.seq <= ${to}
      ORDER BY e.seq`.execute(ex);
    return r.rows;
  },

  async advanceCursor(ex: Executor, contractId: string, seq: number): Promise<void> {
    await sql`
      INSERT INTO webhook_ledger_cursors (contract_id, last_seq) VALUES (${contractId}, ${seq})
      ON CONFLICT (contract_id) DO UPDATE SET last_seq = excluded.last_seq
      WHERE webhook_ledger_cursors.last_seq < excluded.last_seq`.execute(ex);
  },
};
