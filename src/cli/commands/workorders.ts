import fs from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { PdfJson, WorkOrder, WorkOrderVersion } from '../../shared/contracts/workorders.ts';
import { withApi } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';

type WorkOrderJson = z.output<typeof WorkOrder>;
type VersionJson = z.output<typeof WorkOrderVersion>;

const row = (w: WorkOrderJson) => ({
  id: w.id,
  number: w.number,
  version: w.version,
  status: w.status,
  customer: w.customerName,
  title: w.title,
  reserves: w.reservation.display,
  deadline: w.approvalDeadline ?? '',
  engagement: w.engagementId ?? '',
});

function summary(w: WorkOrderJson): string {
  const impact = w.balanceImpact;
  return [
    `${w.number} version ${w.version} (${w.id})  ${w.status}  revision ${w.revision}`,
    `Title: ${w.title}`,
    `Customer: ${w.customerName}, contract ${w.contractNumber}; request ${w.requestId}`,
    `Delivery: ${w.deliveryMode}; proposed ${w.proposedStart ?? '?'} to ${w.proposedEnd ?? '?'}`,
    `Pricing: ${w.pricingMode}${w.fixedPrice ? ` ${w.fixedPrice.display}` : ''}; estimate ${w.estimate.total.display}; minimum ${w.minimumBillable.display}; reserves ${w.reservation.display}`,
    ...w.estimate.lines.map((l) => `  ${l.activity.padEnd(24)} ${l.role.padEnd(20)} ${l.amount.display}`),
    ...(impact
      ? [
          `Balance: available ${impact.availableBefore.display} → ${impact.availableAfter.display} after approval${impact.refused ? ` (REFUSED by the overdraft policy: ${impact.shortfall?.display} short)` : ''}`,
        ]
      : []),
    `Approval deadline: ${w.approvalDeadline ?? w.approvalDeadlineDefault}`,
    ...(w.contentHash ? [`Content hash: ${w.contentHash}`] : []),
    ...(w.decision
      ? [
          `Decision: ${w.decision.decision} by ${w.decision.contactName} via ${w.decision.channel} at ${w.decision.decidedAt}${w.decision.reason ? ` (${w.decision.reason})` : ''}`,
        ]
      : []),
    ...(w.engagementId ? [`Engagement: ${w.engagementId}`] : []),
    `Scope: ${w.scope}`,
  ].join('\n');
}

export function registerWorkOrderCommands(program: Command): void {
  const wo = program.command('work-orders').description('Engagement Work Orders: list, show, send for approval, PDF');

  wo.command('list')
    .description('work orders, newest first')
    .option('--status <status>', 'draft | sent | approved | declined | changes_requested | superseded | expired')
    .option('--customer <id>', 'only this customer (cus_…)')
    .option('--request <id>', 'only the EWO of this request (req_…)')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; customer?: string; request?: string; json?: boolean }) =>
      withApi(async (c) => {
        const items: WorkOrderJson[] = [];
        let cursor: string | null = null;
        do {
          const q = new URLSearchParams({
            limit: '200',
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.customer ? { customerId: opts.customer } : {}),
            ...(opts.request ? { requestId: opts.request } : {}),
            ...(cursor ? { cursor } : {}),
          });
          const page: { items: WorkOrderJson[]; nextCursor: string | null } = await c.request(
            'GET',
            `/api/v1/work-orders?${q}`,
          );
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        printTable(
          items.map(row),
          ['id', 'number', 'version', 'status', 'customer', 'title', 'reserves', 'deadline', 'engagement'],
          !!opts.json,
          items,
        );
      }),
    );

  wo.command('show <id>')
    .description('one work order: its current version, figures, balance impact and versions')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const w = await c.request<WorkOrderJson>('GET', `/api/v1/work-orders/${encodeURIComponent(id)}`);
        const versions = await c.request<VersionJson[]>(
          'GET',
          `/api/v1/work-orders/${encodeURIComponent(id)}/versions`,
        );
        printJsonOr(!!opts.json, { ...w, versions }, () =>
          [
            summary(w),
            'Versions:',
            ...versions.map((v) => `  v${v.version}  ${v.status.padEnd(17)} ${v.sentAt ?? ''}  ${v.contentHash ?? ''}`),
          ].join('\n'),
        );
      }),
    );

  wo.command('send <id>')
    .description("freeze the current draft and email it to the customer's approving contacts")
    .option('--revision <n>', 'refuse if the draft changed since this revision')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { revision?: string; json?: boolean }) =>
      withApi(async (c) => {
        const w = await c.request<WorkOrderJson>(
          'POST',
          `/api/v1/work-orders/${encodeURIComponent(id)}/send`,
          opts.revision ? { revision: Number(opts.revision) } : {},
        );
        printJsonOr(
          !!opts.json,
          w,
          () =>
            `Sent ${w.number} version ${w.version} for approval by ${w.approvalDeadline}.\nContent hash: ${w.contentHash}`,
        );
      }),
    );

  wo.command('pdf <id>')
    .description('write the PDF of a sent version (default: the latest) to a file')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--version <n>', 'the EWO version')
    .action(async (id: string, opts: { out: string; version?: string }) =>
      withApi(async (c) => {
        const q = new URLSearchParams({ format: 'base64', ...(opts.version ? { version: opts.version } : {}) });
        const f = await c.request<z.output<typeof PdfJson>>(
          'GET',
          `/api/v1/work-orders/${encodeURIComponent(id)}/pdf?${q}`,
        );
        const bytes = Buffer.from(f.contentBase64, 'base64');
        fs.writeFileSync(opts.out, bytes);
        process.stdout.write(
          `Wrote ${f.filename} (version ${f.version}, ${bytes.length} bytes, content hash ${f.contentHash}) to ${opts.out}\n`,
        );
      }),
    );
}
