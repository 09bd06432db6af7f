import type { UseCaseArgs } from '../use-case.ts';
import { deliverDueWebhooks } from './deliver.ts';
import { listDeliveries, redeliver, sendTestEvent } from './deliveries.ts';
import { relayLedger } from './relay-ledger.ts';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  updateSubscription,
} from './subscriptions.ts';
import type { WebhooksDeps } from './webhooks.deps.ts';

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/** Signed webhooks: subscriptions (admins), the delivery log, test events, redelivery; delivery and the ledger relay (worker). */
export function createWebhooksService(deps: WebhooksDeps) {
  return {
    create: (...args: UseCaseArgs<typeof createSubscription>) => createSubscription(deps, ...args),
    list: (...args: UseCaseArgs<typeof listSubscriptions>) => listSubscriptions(deps, ...args),
    get: (...args: UseCaseArgs<typeof getSubscription>) => getSubscription(deps, ...args),
    update: (...args: UseCaseArgs<typeof updateSubscription>) => updateSubscription(deps, ...args),
    remove: (...args: UseCaseArgs<typeof deleteSubscription>) => deleteSubscription(deps, ...args),
    sendTest: (...args: UseCaseArgs<typeof sendTestEvent>) => sendTestEvent(deps, ...args),
    deliveries: (...args: UseCaseArgs<typeof listDeliveries>) => listDeliveries(deps, ...args),
    redeliver: (...args: UseCaseArgs<typeof redeliver>) => redeliver(deps, ...args),
    deliverDue: (...args: UseCaseArgs<typeof deliverDueWebhooks>) => deliverDueWebhooks(deps, ...args),
    relayLedger: () => relayLedger(deps),
  };
}
