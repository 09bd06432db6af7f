import type { Generated, Json, Timestamp } from '../../db/types.ts';

export interface InboundMessagesTable {
  id: string;
  /** The sender's Message-ID: a redelivered message is recognised and not handled twice. */
  message_id: string;
  from_address: string;
  /** The SMTP envelope sender (MAIL FROM): '' for a null reverse-path, null before migration 0015. */
  envelope_from: string | null;
  to_addresses: Json<string[]>;
  subject: string;
  text_body: string;
  /** Evidence: Date, Received, Auto-Submitted, DKIM/SPF results as the MTA recorded them. */
  headers: Json<Record<string, string>>;
  automated: boolean;
  received_at: Timestamp;
  handler: string | null;
  outcome: string | null;
  outcome_detail: string | null;
  handled_at: Timestamp | null;
  raw: string;
  seq: Generated<number>;
}

export interface InboundTables {
  inbound_messages: InboundMessagesTable;
}
