import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { CreatedWebhook, WebhookList, WebhookMessage } from '../../shared/contracts/webhooks.ts';
import { webhookEventTypes } from '../../shared/webhooks.ts';
import { withApi } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';

type Message = z.output<typeof WebhookMessage>;
const hookPath = (id: string, rest = ''): string => `/api/v1/webhooks/${encodeURIComponent(id)}${rest}`;
/** An instant in this machine's time zone, as people read it. */
const local = (iso: string | null): string =>
  iso ? DateTime.fromISO(iso).toLocal().toFormat('yyyy-LL-dd HH:mm:ss') : '';

const lastAttempt = (m: Message) => m.log.at(-1);

/** `imr webhooks …`: signed webhook subscriptions (admin), through the API. */
export function registerWebhookCommands(program: Command): void {
  const hooks = program
    .command('webhooks')
    .description('signed webhooks (admin): subscriptions, delivery log, test events, redelivery');

  hooks
    .command('list')
    .description('every subscription with its events and state')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withApi(async (c) => {
        const list = await c.request<z.output<typeof WebhookList>>('GET', '/api/v1/webhooks');
        printTable(
          list.items.map((s) => ({
            id: s.id,
            url: s.url,
            state: s.enabled ? 'enabled' : 'disabled',
            failures: s.consecutiveFailures,
            events: s.events.join(' '),
          })),
          ['id', 'url', 'state', 'failures', 'events'],
          !!opts.json,
          list,
        );
      }),
    );

  hooks
    .command('create <url>')
    .description(`subscribe a URL; prints the signing secret once. Events: ${webhookEventTypes.join(', ')}`)
    .requiredOption('--events <list>', 'comma-separated events, or "all"')
    .option('--json', 'print JSON')
    .action(async (url: string, opts: { events: string; json?: boolean }) =>
      withApi(async (c) => {
        const events =
          opts.events.trim() === 'all'
            ? [...webhookEventTypes]
            : opts.events
                .split(',')
                .map((e) => e.trim())
                .filter(Boolean);
        const created = await c.request<z.output<typeof CreatedWebhook>>('POST', '/api/v1/webhooks', { url, events });
        printJsonOr(
          !!opts.json,
          created,
          () =>
            `Webhook ${created.id} created for ${created.url}.\n` +
            `Signing secret (shown this once; keep it in the receiver):\n  ${created.secret}`,
        );
      }),
    );

  hooks
    .command('delete <id>')
    .description('delete a subscription with its queued events and delivery log')
    .action(async (id: string) =>
      withApi(async (c) => {
        await c.request('DELETE', hookPath(id));
        process.stdout.write(`Webhook ${id} deleted.\n`);
      }),
    );

  hooks
    .command('enable <id>')
    .description('enable a disabled subscription (its queued events are then delivered)')
    .action(async (id: string) =>
      withApi(async (c) => {
        await c.request('PATCH', hookPath(id), { enabled: true });
        process.stdout.write(`Webhook ${id} enabled.\n`);
      }),
    );

  hooks
    .command('test <id>')
    .description('queue a signed webhook.test event for a subscription')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const m = await c.request<Message>('POST', hookPath(id, '/test'));
        printJsonOr(!!opts.json, m, () => `Test event ${m.id} queued; see it with: imr webhooks deliveries ${id}`);
      }),
    );

  hooks
    .command('deliveries <id>')
    .description(`a subscription's delivery log, newest first; times in ${DateTime.local().zoneName}`)
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const page = await c.request<{ items: Message[] }>('GET', hookPath(id, '/deliveries?limit=100'));
        printTable(
          page.items.map((m) => ({
            created: local(m.createdAt),
            event: m.eventType,
            status: m.sending ? 'sending' : m.status,
            attempts: m.attempts,
            code: lastAttempt(m)?.responseCode ?? '',
            ms: lastAttempt(m)?.latencyMs ?? '',
            next: local(m.nextAttemptAt),
            error: m.lastError ?? '',
            id: m.id,
          })),
          ['created', 'event', 'status', 'attempts', 'code', 'ms', 'next', 'error', 'id'],
          !!opts.json,
          page,
        );
      }),
    );

  hooks
    .command('redeliver <id> <messageId>')
    .description('deliver one event again now, with the same webhook-id')
    .action(async (id: string, messageId: string) =>
      withApi(async (c) => {
        await c.request('POST', hookPath(id, `/deliveries/${encodeURIComponent(messageId)}/redeliver`));
        process.stdout.write(`Event ${messageId} queued for redelivery.\n`);
      }),
    );
}
