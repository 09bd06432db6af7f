import type { Command } from 'commander';
import type { z } from 'zod';
import type { ClosePreview, Engagement, EngagementSummary } from '../../shared/contracts/engagements.ts';
import type { ApiClient } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';
import { withApi } from '../client.ts';

type SummaryJson = z.output<typeof EngagementSummary>;
type EngagementJson = z.output<typeof Engagement>;
type PreviewJson = z.output<typeof ClosePreview>;

export const engagementPath = (id: string, rest = ''): string => `/api/v1/engagements/${encodeURIComponent(id)}${rest}`;

/** Every page of a cursor-paginated list. */
export async function allPages<T>(c: ApiClient, path: string, query: Record<string, string>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ limit: '200', ...query, ...(cursor ? { cursor } : {}) });
    const page: { items: T[]; nextCursor: string | null } = await c.request('GET', `${path}?${q}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function describeEngagement(e: EngagementJson): string {
  return [
    `${e.number}  ${e.title}  ${e.status}${e.statusReason ? ` (${e.statusReason})` : ''}`,
    `Customer: ${e.customerName}, contract ${e.contractNumber}; request ${e.requestId}, work order ${e.workOrderId}`,
    `Pricing: ${e.pricingMode}${e.fixedPrice ? ` (${e.fixedPrice.display})` : ''}; delivery ${e.deliveryMode}`,
    `Planned: ${e.plannedStart ?? 'not set'} to ${e.plannedEnd ?? 'not set'}`,
    `Estimate ${e.estimate.display} (held beyond ${e.estimateLimit.display}); consumed ${e.consumed.display} (${e.percentOfEstimate} %); reserved ${e.reserved.display}; held ${e.held.display}; minimum ${e.minimumBillable.display}`,
    `Team: ${e.team.length ? e.team.map((m) => `${m.name} (${m.role})`).join(', ') : 'nobody yet'}`,
    ...(e.closing
      ? [
          `${e.closing.operation === 'close' ? 'Closed' : 'Cancelled'} ${e.closing.at}: fixed price ${e.closing.fixedPrice.display}, true-up ${e.closing.trueUp.display}` +
            `${e.closing.waived ? ` (waived ${e.closing.shortfall.display}: ${e.closing.waived.reason})` : ''}, written off ${e.closing.writtenOff.display}, released ${e.closing.released.display}`,
        ]
      : []),
  ].join('\n');
}

function describePreview(p: PreviewJson): string {
  return [
    `${p.operation === 'close' ? 'Closing' : 'Cancelling'} ${p.engagementId} (${p.status})${p.allowed ? '' : `: not possible from ${p.status}`}`,
    `  fixed price        ${p.fixedPrice.display}`,
    `  minimum true-up    ${p.trueUp.display}${p.minimumApplies ? ` (consumed ${p.consumed.display} of minimum ${p.minimumBillable.display})` : ' (minimum does not apply)'}`,
    `  held, written off  ${p.heldToWriteOff.display} (${p.heldEntries} entries)`,
    `  released           ${p.release.display}${p.releaseExpires ? ' (expires at once: the contract has expired)' : ''}`,
    `  available          ${p.availableBefore.display} → ${p.availableAfter.display}`,
  ].join('\n');
}

const collect = (v: string, prev: string[] = []): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function registerEngagementCommands(program: Command): void {
  const engagements = program
    .command('engagements')
    .description('engagements: status, team, estimate and consumption; close and cancel');

  engagements
    .command('list')
    .description('engagements you may see, newest first')
    .option('--status <status>', 'only these statuses (repeat or comma-separate)', collect)
    .option('--customer <id>', 'only this customer (cus_…)')
    .option('--contract <id>', 'only this contract (ctr_…)')
    .option('--mine', 'only those whose team you are on')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string[]; customer?: string; contract?: string; mine?: boolean; json?: boolean }) =>
      withApi(async (c) => {
        const items = await allPages<SummaryJson>(c, '/api/v1/engagements', {
          ...(opts.status?.length ? { status: opts.status.join(',') } : {}),
          ...(opts.customer ? { customerId: opts.customer } : {}),
          ...(opts.contract ? { contractId: opts.contract } : {}),
          ...(opts.mine ? { mine: 'true' } : {}),
        });
        const rows = items.map((e) => ({
          id: e.id,
          number: e.number,
          status: e.status,
          customer: e.customerName,
          title: e.title,
          pricing: e.pricingMode,
          estimate: e.estimate.display,
          consumed: e.consumed.display,
          start: e.plannedStart ?? '',
        }));
        printTable(
          rows,
          ['id', 'number', 'status', 'customer', 'title', 'pricing', 'estimate', 'consumed', 'start'],
          !!opts.json,
          items,
        );
      }),
    );

  engagements
    .command('show <id>')
    .description('one engagement: status, dates, estimate, reserved, consumed, team')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const e = await c.request<EngagementJson>('GET', engagementPath(id));
        printJsonOr(!!opts.json, e, () => describeEngagement(e));
      }),
    );

  engagements
    .command('close <id>')
    .description(
      'close: fixed price, minimum true-up, held effort written off, release (IR managers); --preview only shows the figures',
    )
    .option('--preview', 'show what closing would post, change nothing')
    .option('--waive-minimum <reason>', 'admins: do not post the minimum true-up, for this reason')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { preview?: boolean; waiveMinimum?: string; json?: boolean }) =>
      withApi(async (c) => {
        if (opts.preview) {
          const p = await c.request<PreviewJson>('GET', engagementPath(id, '/close-preview'));
          printJsonOr(!!opts.json, p, () => describePreview(p));
          return;
        }
        const e = await c.request<EngagementJson>(
          'POST',
          engagementPath(id, '/close'),
          opts.waiveMinimum ? { waiveMinimum: { reason: opts.waiveMinimum } } : {},
        );
        printJsonOr(!!opts.json, e, () => `Closed.\n${describeEngagement(e)}`);
      }),
    );

  engagements
    .command('cancel <id>')
    .description(
      'cancel an open engagement: consumption stays, the minimum applies if the contract says so, the rest is released',
    )
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) =>
      withApi(async (c) => {
        const e = await c.request<EngagementJson>('POST', engagementPath(id, '/cancel'), { reason: opts.reason });
        printJsonOr(!!opts.json, e, () => `Cancelled.\n${describeEngagement(e)}`);
      }),
    );
}
