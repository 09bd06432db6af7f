import type { Command } from 'commander';
import type { z } from 'zod';
import type { ClosePreview, Engagement, EngagementSummary } from '../../shared/contracts/engagements.ts';
import type { ApiClient } from '../client.ts';
import { printJsonOr, printTable, rateCardLines } from '../output.ts';
import { withApi } from '../client.ts';
import { collectList } from '../options.ts';

type SummaryJson = z.output<typeof EngagementSummary>;
type EngagementJson = z.output<typeof Engagement>;
type PreviewJson = z.output<typeof ClosePreview>;

export const engagementPath = (id: string, rest = ''): string => `/api/v1/engagements/${encodeURIComponent(id)}${rest}`;

/** Every page of a cursor-paginated list. */
export async function allPages<T>(client: ApiClient, path: string, query: Record<string, string>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ limit: '200', ...query, ...(cursor ? { cursor } : {}) });
    const page: { items: T[]; nextCursor: string | null } = await client.request('GET', `${path}?${params}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function describeEngagement(engagement: EngagementJson): string {
  return [
    `${engagement.number}  ${engagement.title}  ${engagement.status}${engagement.statusReason ? ` (${engagement.statusReason})` : ''}`,
    `Customer: ${engagement.customerName}, contract ${engagement.contractNumber}; request ${engagement.requestId}, work order ${engagement.workOrderId}`,
    `Pricing: ${engagement.pricingMode}${engagement.fixedPrice ? ` (${engagement.fixedPrice.display})` : ''}; delivery ${engagement.deliveryMode}`,
    `Planned: ${engagement.plannedStart ?? 'not set'} to ${engagement.plannedEnd ?? 'not set'}`,
    `Estimate ${engagement.estimate.display} (held beyond ${engagement.estimateLimit.display}); consumed ${engagement.consumed.display} (${engagement.percentOfEstimate} %); reserved ${engagement.reserved.display}; held ${engagement.held.display}; minimum ${engagement.minimumBillable.display}`,
    `Team: ${engagement.team.length ? engagement.team.map((m) => `${m.name} (${m.role})`).join(', ') : 'nobody yet'}`,
    ...rateCardLines(engagement.rateCard),
    ...(engagement.closing
      ? [
          `${engagement.closing.operation === 'close' ? 'Closed' : 'Cancelled'} ${engagement.closing.at}: fixed price ${engagement.closing.fixedPrice.display}, true-up ${engagement.closing.trueUp.display}` +
            `${engagement.closing.waived ? ` (waived ${engagement.closing.shortfall.display}: ${engagement.closing.waived.reason})` : ''}, written off ${engagement.closing.writtenOff.display}, released ${engagement.closing.released.display}`,
        ]
      : []),
  ].join('\n');
}

function describePreview(preview: PreviewJson): string {
  return [
    `${preview.operation === 'close' ? 'Closing' : 'Cancelling'} ${preview.engagementId} (${preview.status})${preview.allowed ? '' : `: not possible from ${preview.status}`}`,
    `  fixed price        ${preview.fixedPrice.display}`,
    `  minimum true-up    ${preview.trueUp.display}${preview.minimumApplies ? ` (consumed ${preview.consumed.display} of minimum ${preview.minimumBillable.display})` : ' (minimum does not apply)'}`,
    `  held, written off  ${preview.heldToWriteOff.display} (${preview.heldEntries} entries)`,
    `  released           ${preview.release.display}${preview.releaseExpires ? ' (expires at once: the contract has expired)' : ''}`,
    `  available          ${preview.availableBefore.display} → ${preview.availableAfter.display}`,
  ].join('\n');
}

export function registerEngagementCommands(program: Command): void {
  const engagements = program
    .command('engagements')
    .description('engagements: status, team, estimate and consumption; close and cancel');

  engagements
    .command('list')
    .description('engagements you may see, newest first')
    .option('--status <status>', 'only these statuses (repeat or comma-separate)', collectList)
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
    .command('show <number-or-id>')
    .description('one engagement: status, dates, estimate, reserved, consumed, team')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const engagement = await c.request<EngagementJson>('GET', engagementPath(id));
        printJsonOr(!!opts.json, engagement, () => describeEngagement(engagement));
      }),
    );

  engagements
    .command('close <number-or-id>')
    .description(
      'close: fixed price, minimum true-up, held effort written off, release (IR managers); --preview only shows the figures',
    )
    .option('--preview', 'show what closing would post, change nothing')
    .option('--waive-minimum <reason>', 'admins: do not post the minimum true-up, for this reason')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { preview?: boolean; waiveMinimum?: string; json?: boolean }) =>
      withApi(async (c) => {
        if (opts.preview) {
          const preview = await c.request<PreviewJson>('GET', engagementPath(id, '/close-preview'));
          printJsonOr(!!opts.json, preview, () => describePreview(preview));
          return;
        }
        const engagement = await c.request<EngagementJson>(
          'POST',
          engagementPath(id, '/close'),
          opts.waiveMinimum ? { waiveMinimum: { reason: opts.waiveMinimum } } : {},
        );
        printJsonOr(!!opts.json, engagement, () => `Closed.\n${describeEngagement(engagement)}`);
      }),
    );

  engagements
    .command('cancel <number-or-id>')
    .description(
      'cancel an open engagement: consumption stays, the minimum applies if the contract says so, the rest is released',
    )
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) =>
      withApi(async (c) => {
        const engagement = await c.request<EngagementJson>('POST', engagementPath(id, '/cancel'), {
          reason: opts.reason,
        });
        printJsonOr(!!opts.json, engagement, () => `Cancelled.\n${describeEngagement(engagement)}`);
      }),
    );
}
