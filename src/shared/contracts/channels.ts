import { z } from 'zod';
import { Instant, pageOf } from './common.ts';
import { OutboxStatus } from './outbox.ts';

/** What a message about a contract is, as staff read it on the contract page. */
export const messageTopicLabels: Record<string, string> = {
  'ledger.threshold_crossed': 'Consumption alert',
  'contract.term_end_reminder': 'Term-end reminder',
  'statement.issued': 'Monthly statement',
  'statement.sent': 'Statement (re-sent)',
  'inbound.auto_reply': 'Answer to an email',
  'request.received': 'Request received',
  'request.acknowledged': 'Emergency request acknowledged',
  'engagement.closed_summary': 'Engagement closed',
};

/** The label of a topic; unknown topics read as their words ("ewo.sent" → "ewo sent"). */
export const messageTopicLabel = (topic: string): string =>
  messageTopicLabels[topic] ?? topic.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export const ContractMessage = z
  .object({
    id: z.string(),
    topic: z.string().describe('what the message is about, e.g. contract.term_end_reminder'),
    topicLabel: z.string().describe('the topic in words, e.g. Term-end reminder'),
    subject: z.string(),
    to: z.array(z.string()),
    status: OutboxStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: Instant,
    deliveredAt: Instant.nullable(),
  })
  .meta({ id: 'ContractMessage' });
export type ContractMessage = z.infer<typeof ContractMessage>;

export const ContractMessagePage = pageOf(ContractMessage).meta({ id: 'ContractMessagePage' });
