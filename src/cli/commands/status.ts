import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { InstallationStatus } from '../../shared/contracts/ops.ts';
import { withApi } from '../client.ts';
import { printJsonOr } from '../output.ts';

type Status = z.output<typeof InstallationStatus>;

/** An instant in this machine's time zone, as people read it. */
const local = (iso: string | null): string =>
  iso ? DateTime.fromISO(iso).toLocal().toFormat('yyyy-LL-dd HH:mm:ss') : 'never';

/** "3 min ago", "2 h 5 min ago": how long since an instant, from the server's `now`. */
function ago(iso: string, now: string): string {
  const minutes = Math.max(0, Math.round(DateTime.fromISO(now).diff(DateTime.fromISO(iso), 'minutes').minutes));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min ago` : `${Math.floor(hours / 24)} days ago`;
}

/** The status as a person reads it: one block per concern, times in this machine's zone. */
export function statusText(s: Status): string {
  const o = s.outbox;
  const waiting = o.queued + o.sending + o.failing;
  const lines = [
    `IMR Desk ${s.version} on ${s.database === 'postgres' ? 'PostgreSQL' : 'the embedded database'}`,
    `Migrations: ${s.migrations.applied} applied${s.migrations.latest ? ` (latest ${s.migrations.latest})` : ''}, ` +
      (s.migrations.pending.length
        ? `${s.migrations.pending.length} pending: ${s.migrations.pending.join(', ')}`
        : 'none pending'),
    `Outgoing mail: ${waiting} waiting (${o.queued} queued, ${o.sending} sending, ${o.failing} failing), ${o.failed} failed, ${o.delivered} delivered`,
    o.oldestWaitingSince
      ? `  oldest undelivered message written ${local(o.oldestWaitingSince)} (${ago(o.oldestWaitingSince, s.now)})`
      : '  nothing waits',
    `SLA targets: ${s.sla.atRisk} at risk, ${s.sla.breached} breached`,
    'Scheduled jobs:',
  ];
  if (!s.jobs.length) lines.push('  none has run yet (is a worker running?)');
  for (const j of s.jobs) {
    const last = j.lastCompletedAt ? `${local(j.lastCompletedAt)} (${ago(j.lastCompletedAt, s.now)})` : 'never';
    const failed = j.lastFailedAt ? `, last failure ${local(j.lastFailedAt)}` : '';
    lines.push(
      `  ${j.name}: last run ${last}; ${j.completed} completed, ${j.failed} failed, ${j.active} running, ${j.waiting} waiting${failed}`,
    );
  }
  return lines.join('\n');
}

/** `imr status`: what an operator checks first (admin; over HTTP to a running server, or in-process). */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      `the installation's state (admin): mail queue, oldest undelivered message, jobs' last runs, version, migrations; times in ${DateTime.local().zoneName}`,
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withApi(async (c) => {
        const status = await c.request<Status>('GET', '/api/v1/admin/status');
        printJsonOr(!!opts.json, status, () => statusText(status));
      }),
    );
}
