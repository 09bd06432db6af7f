import fs from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { PdfJson, WorkOrder, WorkOrderVersion } from '../../shared/contracts/workorders.ts';
import { withApi, type ApiClient } from '../client.ts';
import { printJsonOr, printTable, rateCardLines } from '../output.ts';

type WorkOrderJson = z.output<typeof WorkOrder>;
type VersionJson = z.output<typeof WorkOrderVersion>;

const row = (workOrder: WorkOrderJson) => ({
  id: workOrder.id,
  number: workOrder.number,
  version: workOrder.version,
  status: workOrder.status,
  customer: workOrder.customerName,
  title: workOrder.title,
  reserves: workOrder.reservation.display,
  deadline: workOrder.approvalDeadline ?? '',
  engagement: workOrder.engagementId ?? '',
});

function summary(workOrder: WorkOrderJson): string {
  const impact = workOrder.balanceImpact;
  return [
    `${workOrder.number} version ${workOrder.version} (${workOrder.id})  ${workOrder.status}  revision ${workOrder.revision}`,
    `Title: ${workOrder.title}`,
    `Customer: ${workOrder.customerName}, contract ${workOrder.contractNumber}; request ${workOrder.requestId}`,
    `Delivery: ${workOrder.deliveryMode}; proposed ${workOrder.proposedStart ?? '?'} to ${workOrder.proposedEnd ?? '?'}`,
    `Pricing: ${workOrder.pricingMode}${workOrder.fixedPrice ? ` ${workOrder.fixedPrice.display}` : ''}; estimate ${workOrder.estimate.total.display}; minimum ${workOrder.minimumBillable.display}; reserves ${workOrder.reservation.display}`,
    ...workOrder.estimate.lines.map((l) => `  ${l.activity.padEnd(24)} ${l.role.padEnd(20)} ${l.amount.display}`),
    ...(impact
      ? [
          `Balance: available ${impact.availableBefore.display} → ${impact.availableAfter.display} after approval${impact.refused ? ` (REFUSED by the overdraft policy: ${impact.shortfall?.display} short)` : ''}`,
        ]
      : []),
    ...rateCardLines(workOrder.rateCard),
    `Approval deadline: ${workOrder.approvalDeadline ?? workOrder.approvalDeadlineDefault}`,
    ...(workOrder.contentHash ? [`Content hash: ${workOrder.contentHash}`] : []),
    ...(workOrder.decision
      ? [
          `Decision: ${workOrder.decision.decision} by ${workOrder.decision.contactName} via ${workOrder.decision.channel} at ${workOrder.decision.decidedAt}${workOrder.decision.reason ? ` (${workOrder.decision.reason})` : ''}`,
        ]
      : []),
    ...(workOrder.engagementId ? [`Engagement: ${workOrder.engagementId}`] : []),
    `Scope: ${workOrder.scope}`,
  ].join('\n');
}

/** A request given by its number (REQ-2026-0042) or id: the id the list filter takes. */
async function requestIdOf(client: ApiClient, ref: string): Promise<string> {
  if (/^req_/.test(ref)) return ref;
  return (await client.request<{ id: string }>('GET', `/api/v1/requests/${encodeURIComponent(ref)}`)).id;
}

export function registerWorkOrderCommands(program: Command): void {
  const wo = program.command('work-orders').description('Engagement Work Orders: list, show, send for approval, PDF');

  wo.command('list')
    .description('work orders, newest first')
    .option('--status <status>', 'draft | sent | approved | declined | changes_requested | superseded | expired')
    .option('--customer <id>', 'only this customer (cus_…)')
    .option('--request <number-or-id>', 'only the EWO of this request (REQ-2026-0042 or req_…)')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; customer?: string; request?: string; json?: boolean }) =>
      withApi(async (c) => {
        const requestId = opts.request ? await requestIdOf(c, opts.request) : undefined;
        const items: WorkOrderJson[] = [];
        let cursor: string | null = null;
        do {
          const params = new URLSearchParams({
            limit: '200',
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.customer ? { customerId: opts.customer } : {}),
            ...(requestId ? { requestId } : {}),
            ...(cursor ? { cursor } : {}),
          });
          const page: { items: WorkOrderJson[]; nextCursor: string | null } = await c.request(
            'GET',
            `/api/v1/work-orders?${params}`,
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

  wo.command('show <number-or-id>')
    .description('one work order: its current version, figures, balance impact and versions')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const workOrder = await c.request<WorkOrderJson>('GET', `/api/v1/work-orders/${encodeURIComponent(id)}`);
        const versions = await c.request<VersionJson[]>(
          'GET',
          `/api/v1/work-orders/${encodeURIComponent(id)}/versions`,
        );
        printJsonOr(!!opts.json, { ...workOrder, versions }, () =>
          [
            summary(workOrder),
            'Versions:',
            ...versions.map((v) => `  v${v.version}  ${v.status.padEnd(17)} ${v.sentAt ?? ''}  ${v.contentHash ?? ''}`),
          ].join('\n'),
        );
      }),
    );

  wo.command('send <number-or-id>')
    .description("freeze the current draft and email it to the customer's approving contacts")
    .option('--revision <n>', 'refuse if the draft changed since this revision')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { revision?: string; json?: boolean }) =>
      withApi(async (c) => {
        const workOrder = await c.request<WorkOrderJson>(
          'POST',
          `/api/v1/work-orders/${encodeURIComponent(id)}/send`,
          opts.revision ? { revision: Number(opts.revision) } : {},
        );
        printJsonOr(
          !!opts.json,
          workOrder,
          () =>
            `Sent ${workOrder.number} version ${workOrder.version} for approval by ${workOrder.approvalDeadline}.\nContent hash: ${workOrder.contentHash}`,
        );
      }),
    );

  wo.command('pdf <number-or-id>')
    .description('write the PDF of a sent version (default: the latest) to a file')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--version <n>', 'the EWO version')
    .action(async (id: string, opts: { out: string; version?: string }) =>
      withApi(async (c) => {
        const params = new URLSearchParams({ format: 'base64', ...(opts.version ? { version: opts.version } : {}) });
        const pdf = await c.request<z.output<typeof PdfJson>>(
          'GET',
          `/api/v1/work-orders/${encodeURIComponent(id)}/pdf?${params}`,
        );
        const bytes = Buffer.from(pdf.contentBase64, 'base64');
        fs.writeFileSync(opts.out, bytes);
        process.stdout.write(
          `Wrote ${pdf.filename} (version ${pdf.version}, ${bytes.length} bytes, content hash ${pdf.contentHash}) to ${opts.out}\n`,
        );
      }),
    );
}
