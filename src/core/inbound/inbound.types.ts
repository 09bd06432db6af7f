import type { EmailContent } from '../mail/templates.ts';

/** A received message as handlers see it. */
export interface InboundMessage {
  id: string;
  messageId: string;
  /** The From address, lower-cased (compare with a contact's email). */
  from: string;
  /** The SMTP envelope sender (MAIL FROM), lower-cased; '' for a null reverse-path. Evidence only. */
  envelopeFrom: string;
  /** What our mail server's Authentication-Results said (e.g. `dmarc=pass spf=pass`), when MAIL_IN_AUTHSERV_ID is set. */
  senderCheck: string | null;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  automated: boolean;
  receivedAt: Date;
}

export interface HandlerResult {
  outcome: 'applied' | 'refused' | 'ignored';
  detail: string;
  /** An automatic answer (sent only when the message is not automated, RFC 3834). */
  reply?: EmailContent;
  /** Where the answer goes: a contact's stored address (never Reply-To or the envelope); default the From address. */
  replyTo?: string;
  /** The contract the answer is about (listed with the contract's messages). */
  contractId?: string;
}

/**
 * A feature's handler for mail to `<tag>[+token]@MAIL_IN_DOMAIN` (e.g. `ewo+TOKEN@…` for approval by
 * reply, `balance@…` for balance questions). It runs its own transaction(s).
 */
export interface InboundHandler {
  tag: string;
  handle(msg: InboundMessage, token: string | null): Promise<HandlerResult>;
  /**
   * Optional: told of a message to its address whose sender our mail server does not vouch for. It acts on
   * nothing the sender claims and never answers; emergency@ passes it to the IR managers so nothing is dropped.
   */
  untrusted?(msg: InboundMessage, reason: string): Promise<void>;
}
