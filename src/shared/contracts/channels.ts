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
  'ewo.sent': 'Work order sent for approval',
  'ewo.approved': 'Work order approved',
  'ewo.declined': 'Work order declined',
  'ewo.expired': 'Work order expired',
  'ewo.top_up_needed': 'Top-up needed',
  'change_order.sent': 'Change order sent for approval',
  'change_order.approved': 'Change order approved',
  'change_order.declined': 'Change order declined',
  'change_order.expired': 'Change order expired',
  'engagement.scheduled': 'Engagement scheduled',
  'engagement.rescheduled': 'Engagement rescheduled',
  'engagement.schedule_cancelled': 'Engagement schedule cancelled',
  'engagement.estimate_warning': 'Estimate warning',
  'engagement.effort_held': 'Effort held',
  'deliverable.issued': 'Deliverable issued',
  'deliverable.accepted': 'Deliverable accepted',
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
