import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { OutboxMessage, OutboxSummary } from '../../shared/contracts/outbox.ts';
import { AppError } from '../../shared/errors.ts';
import { withApi } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';

type Message = z.output<typeof OutboxMessage>;
type Summary = z.output<typeof OutboxSummary>;

/** An instant in this machine's time zone, as people read it. */
const local = (iso: string | null): string =>
  iso ? DateTime.fromISO(iso).toLocal().toFormat('yyyy-LL-dd HH:mm:ss') : '';

const recipients = (message: Message): string => {
  const all = [...message.to, ...message.cc];
  return all.length > 2 ? `${all.slice(0, 2).join(', ')} +${all.length - 2}` : all.join(', ');
};

function summaryLine(summary: Summary): string {
  const where = summary.transport === 'smtp' ? 'to the SMTP server' : 'to the local mailbox (no SMTP_URL)';
  const counts = `${summary.queued} queued, ${summary.sending} sending, ${summary.failing} failing, ${summary.failed} failed, ${summary.delivered} delivered`;
  const waiting = summary.oldestWaitingSince ? `; oldest waiting since ${local(summary.oldestWaitingSince)}` : '';
  return `Outgoing mail ${where}: ${counts}${waiting}.`;
}

/** `imr mail queue` and `imr mail retry`: the outbox as admins watch it (GET /outbox, POST /outbox/{id}/retry). */
export function registerMailQueueCommands(mail: Command): void {
  mail
    .command('queue')
    .description(
      `outgoing mail and its delivery state (admin); times in this machine's time zone (${DateTime.local().zoneName})`,
    )
    .option('--status <status>', 'queued | sending | failing | delivered | failed')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; json?: boolean }) =>
      withApi(async (c) => {
        const params = new URLSearchParams({ limit: '200', ...(opts.status ? { status: opts.status } : {}) });
        const page = await c.request<{ items: Message[]; nextCursor: string | null }>(
          'GET',
          `/api/v1/outbox?${params}`,
        );
        const summary = await c.request<Summary>('GET', '/api/v1/outbox/summary');
        if (opts.json) {
          printJsonOr(true, { summary, items: page.items }, () => '');
          return;
        }
        process.stdout.write(`${summaryLine(summary)}\n\n`);
        const rows = page.items.map((m) => ({
          created: local(m.createdAt),
          status: m.status,
          attempts: m.attempts,
          next: local(m.nextAttemptAt),
          subject: m.subject,
          to: recipients(m),
          error: m.lastError ?? '',
          id: m.id,
        }));
        printTable(rows, ['created', 'status', 'attempts', 'next', 'subject', 'to', 'error', 'id'], false);
        if (page.nextCursor) process.stdout.write('(the 200 newest; narrow with --status)\n');
        if (page.items.some((m) => m.status === 'failed' || m.status === 'failing'))
          process.stdout.write('Send again now: imr mail retry ID, or imr mail retry --all failed (or failing)\n');
      }),
    );

  mail
    .command('retry [id]')
    .description(
      'send a failed or failing message again now, or --all failed|failing of them, e.g. after an outage (admin; audited)',
    )
    .option('--all <status>', 'every message in this state: failed | failing')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { all?: string; json?: boolean }) =>
      withApi(async (c) => {
        if (!id === !opts.all)
          throw new AppError(
            'VALIDATION_FAILED',
            'Name one message (imr mail retry ID) or a state (imr mail retry --all failed), not both.',
          );
        if (opts.all) {
          const response = await c.request<{ retried: number }>('POST', '/api/v1/outbox/retry', { status: opts.all });
          printJsonOr(!!opts.json, response, () =>
            response.retried
              ? `Queued again: ${response.retried} ${opts.all} message${response.retried === 1 ? '; it goes' : 's; they go'} out with the next delivery round.`
              : `No ${opts.all} messages.`,
          );
          return;
        }
        const message = await c.request<Message>('POST', `/api/v1/outbox/${encodeURIComponent(id!)}/retry`);
        printJsonOr(
          !!opts.json,
          message,
          () =>
            `Queued again: "${message.subject}" to ${recipients(message)} (attempts so far: ${message.attempts}); it goes out with the next delivery round.`,
        );
      }),
    );
}
