/**
 * Webhook events a subscription may ask for (browser-safe: the Settings page lists them). `webhook.test`
 * is not subscribable: it is sent to one subscription when an admin asks for a test event.
 */
export const webhookEventTypes = [
  'request.created',
  'request.sla_at_risk',
  'request.sla_breached',
  'workorder.sent',
  'workorder.approved',
  'workorder.declined',
  'engagement.started',
  'engagement.closed',
  'ledger.posted',
  'balance.threshold_crossed',
  'statement.issued',
  'topup.requested',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export type WebhookMessageType = WebhookEventType | 'webhook.test';

/** What a person reads for each event on the Settings page and in the CLI. */
export const webhookEventLabels: Record<WebhookEventType, string> = {
  'request.created': 'A service request is logged',
  'request.sla_at_risk': 'An SLA target is at risk (75 % of its time gone)',
  'request.sla_breached': 'An SLA target is breached',
  'workorder.sent': 'A work order is sent for approval',
  'workorder.approved': 'A work order is approved',
  'workorder.declined': 'A work order is declined',
  'engagement.started': 'An engagement starts (in progress)',
  'engagement.closed': 'An engagement is closed',
  'ledger.posted': 'An entry is posted on a retainer ledger',
  'balance.threshold_crossed': 'A retainer crosses a consumption alert threshold',
  'statement.issued': 'A monthly statement is issued',
  'topup.requested': 'A top-up is requested',
};

/** States of one webhook message (an event for one subscription). */
export const webhookMessageStates = ['pending', 'delivered', 'failed'] as const;
export type WebhookMessageState = (typeof webhookMessageStates)[number];
