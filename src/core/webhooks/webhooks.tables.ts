import type { Generated, Json, Timestamp } from '../../db/types.ts';

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  events: Json<string[]>;
  /** `whsec_` + base64 of 24 random bytes: the key of every signature (kept in clear to sign with). */
  secret: string;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  /** Failed attempts since the last delivered one, and when the first of them was made. */
  consecutive_failures: Generated<number>;
  failing_since: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event for one subscription: its id is the `webhook-id` header, the same on every attempt. */
export interface WebhookMessagesTable {
  id: string;
  subscription_id: string;
  event_type: string;
  /** The exact JSON body that is signed and sent on every attempt. */
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: string;
  message_id: string;
  attempt: number;
  status: 'delivered' | 'failed';
  response_code: number | null;
  latency_ms: number;
  error: string | null;
  at: Timestamp;
}

export interface WebhookLedgerCursorsTable {
  contract_id: string;
  last_seq: number;
}

export interface WebhooksTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_ledger_cursors: WebhookLedgerCursorsTable;
}
