import type { Generated, Json, Timestamp } from '../../db/types.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

/** An attachment by reference to a stored file (src/core/files), resolved when the message is delivered. */
export interface FileAttachment {
  fileId: string;
  filename: string;
  contentType: string;
}

export interface EmailPayload {
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** Stored files attached at delivery (read from the files store then): one copy however many messages. */
  fileAttachments?: FileAttachment[];
  headers?: Record<string, string>;
  /** iCalendar invitation, sent as a text/calendar alternative */
  icalEvent?: { method: string; content: string; filename?: string };
}

export type OutboxStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxTable {
  id: string;
  channel: 'email';
  topic: string;
  payload: Json<EmailPayload>;
  message_id: string;
  dedupe_key: string | null;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  /** The contract the message is about, when it is about one (statements, reminders, alerts). */
  contract_id: string | null;
  /** Messages of one key are delivered in `queue_seq` order: one waits while an earlier one is pending. */
  ordering_key: string | null;
  queue_seq: Generated<number>;
}

export interface MailboxMessagesTable {
  id: string;
  outbox_id: string | null;
  message_id: string;
  from_address: string;
  to_addresses: Json<string[]>;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: Json<{ filename: string; contentType: string; size: number }[]>;
  raw: string;
  created_at: Timestamp;
}

export interface MailTables {
  outbox: OutboxTable;
  mailbox_messages: MailboxMessagesTable;
}
