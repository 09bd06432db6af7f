import type { Executor } from '../../db/create-db.ts';
import { accountsRepo } from '../accounts/accounts.repo.ts';
import { renderEmail } from '../mail/templates.ts';
import type { WebhooksDeps } from './webhooks.deps.ts';
import type { SubscriptionRow } from './webhooks.repo.ts';

/** Tells the admin who made a subscription that it was disabled, why, and how to turn it back on. */
export async function notifyDisabled(
  deps: Pick<WebhooksDeps, 'outbox' | 'publicUrl'>,
  trx: Executor,
  sub: SubscriptionRow,
  failures: number,
  lastError: string,
): Promise<void> {
  const owner = await accountsRepo.userById(trx, sub.created_by);
  if (!owner || owner.status === 'disabled') return;
  const host = new URL(sub.url).host;
  const content = renderEmail({
    heading: `Webhook to ${host} disabled`,
    paragraphs: [
      `IMR Desk stopped sending events to ${sub.url}: its last ${failures} delivery attempts failed, the first of them more than a day ago.`,
      `The last attempt failed with: ${lastError}.`,
      'Events are no longer queued for it. Once the receiver works again, enable the webhook in Settings → Webhooks; the events queued before it was disabled are then delivered.',
    ],
    action: { label: 'Open the webhook settings', url: `${deps.publicUrl}/settings/webhooks` },
  });
  await deps.outbox.enqueueEmail(trx, {
    topic: 'webhook.disabled',
    dedupeKey: `webhook-disabled:${sub.id}:${failures}:${sub.failing_since?.getTime() ?? 0}`,
    to: [owner.email],
    subject: `Webhook to ${host} disabled after repeated failures`,
    ...content,
  });
}
