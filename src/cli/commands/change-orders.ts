import { createHash } from 'node:crypto';
import fs from 'node:fs';
import canonicalize from 'canonicalize';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { ChangeOrderDocument } from '../../shared/contracts/change-order-document.ts';
import type { ChangeOrder, PdfJson } from '../../shared/contracts/workorders.ts';
import { dayLabel } from '../../shared/dates.ts';
import { activities } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import { label } from '../../shared/labels.ts';
import { withApi } from '../client.ts';
import { printJsonOr } from '../output.ts';
import { engagementPath } from './engagements.ts';

/** SHA-256 (hex) of the RFC 8785 canonical JSON: the content hash rule printed on every document. */
const hashOf = (value: unknown): string =>
  createHash('sha256')
    .update(canonicalize(value) ?? '', 'utf8')
    .digest('hex');

type ChangeOrderJson = z.output<typeof ChangeOrder>;

/** "analysis:forensic lead:+12" (hours, negative to reduce) as a delta line; anything else is refused. */
function deltaLine(text: string, prev: unknown[] = []): unknown[] {
  const m = /^([a-z_]+):(.+):([+-]?\d+(?:\.\d+)?)h?$/.exec(text.trim());
  if (!m || !(activities as readonly string[]).includes(m[1]!))
    throw new AppError(
      'VALIDATION_FAILED',
      `--line is ACTIVITY:ROLE:HOURS, e.g. analysis:forensic lead:+12 (activities: ${activities.join(', ')}); not "${text}".`,
    );
  return [...prev, { activity: m[1], role: m[2]!.trim(), minutes: Math.round(Number(m[3]) * 60) }];
}

function describeChangeOrder(c: ChangeOrderJson): string {
  const dates =
    c.plannedStart || c.plannedEnd
      ? `New planned dates: ${c.plannedStart ? dayLabel(c.plannedStart) : 'start unchanged'} to ${c.plannedEnd ? dayLabel(c.plannedEnd) : 'end unchanged'}`
      : 'Planned dates: unchanged';
  return [
    `${c.number} for ${c.engagementNumber}: ${c.status}`,
    `Reason: ${c.reason}`,
    `Change: ${c.delta.total.display} (estimate ${c.estimateBefore.display} → ${c.estimateAfter.display})`,
    dates,
  ].join('\n');
}

const dateOpts = (opts: { plannedStart?: string; plannedEnd?: string }) => ({
  ...(opts.plannedStart !== undefined ? { plannedStart: opts.plannedStart || null } : {}),
  ...(opts.plannedEnd !== undefined ? { plannedEnd: opts.plannedEnd || null } : {}),
});

/** `imr change-orders create` and `update`: draft a change order, with optional new planned dates. */
function registerDraftCommands(co: Command): void {
  co.command('create <engagement>')
    .description('draft a change order (IR managers); --planned-start/--planned-end move the schedule on approval')
    .requiredOption('--reason <text>', 'why the change is needed')
    .requiredOption('--line <activity:role:hours>', 'effort added (negative hours reduce); repeat', deltaLine)
    .option('--scope <text>', 'what changes in the work')
    .option('--planned-start <date>', "new first planned day, YYYY-MM-DD in the customer's time zone")
    .option('--planned-end <date>', 'new last planned day (included)')
    .option('--json', 'print JSON')
    .action(
      async (
        engagement: string,
        opts: {
          reason: string;
          line: unknown[];
          scope?: string;
          plannedStart?: string;
          plannedEnd?: string;
          json?: boolean;
        },
      ) =>
        withApi(async (c) => {
          const created = await c.request<ChangeOrderJson>('POST', engagementPath(engagement, '/change-orders'), {
            reason: opts.reason,
            estimateDeltaLines: opts.line,
            ...(opts.scope ? { scope: opts.scope } : {}),
            ...(opts.plannedStart ? { plannedStart: opts.plannedStart } : {}),
            ...(opts.plannedEnd ? { plannedEnd: opts.plannedEnd } : {}),
          });
          printJsonOr(!!opts.json, created, () => describeChangeOrder(created));
        }),
    );

  co.command('update <id>')
    .description('change a draft (or revise a sent one); an empty date ("") leaves that end unchanged on approval')
    .option('--reason <text>', 'why the change is needed')
    .option('--planned-start <date>', "new first planned day, YYYY-MM-DD in the customer's time zone")
    .option('--planned-end <date>', 'new last planned day (included)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason?: string; plannedStart?: string; plannedEnd?: string; json?: boolean }) =>
      withApi(async (c) => {
        const patch = { ...(opts.reason ? { reason: opts.reason } : {}), ...dateOpts(opts) };
        if (Object.keys(patch).length === 0)
          throw new AppError('VALIDATION_FAILED', 'Give --reason, --planned-start or --planned-end: what changes?');
        const path = `/api/v1/change-orders/${encodeURIComponent(id)}`;
        const now = await c.request<ChangeOrderJson>('GET', path);
        const updated = await c.request<ChangeOrderJson>('PATCH', path, { ...patch, revision: now.revision });
        printJsonOr(!!opts.json, updated, () => describeChangeOrder(updated));
      }),
    );
}

/** `imr change-orders pdf` and `document`: a sent change order's PDF, and its frozen content with the hash recomputed. */
export function registerChangeOrderCommands(program: Command): void {
  const co = program
    .command('change-orders')
    .description('Change orders: draft, planned dates, PDF and frozen document');
  registerDraftCommands(co);

  co.command('pdf <id>')
    .description('write the PDF of a sent change order to a file (with its approval block once approved)')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action(async (id: string, opts: { out: string }) =>
      withApi(async (c) => {
        const pdf = await c.request<z.output<typeof PdfJson>>(
          'GET',
          `/api/v1/change-orders/${encodeURIComponent(id)}/pdf?format=base64`,
        );
        const bytes = Buffer.from(pdf.contentBase64, 'base64');
        fs.writeFileSync(opts.out, bytes);
        process.stdout.write(
          `Wrote ${pdf.filename} (${bytes.length} bytes, content hash ${pdf.contentHash}) to ${opts.out}\n`,
        );
      }),
    );

  co.command('document <engagement> <id>')
    .description("a sent change order's frozen document: recomputes its content hash; --out writes the JSON")
    .option('--out <file>', 'where to write the frozen document (JSON)')
    .option('--json', 'print the whole answer as JSON')
    .action(async (engagement: string, id: string, opts: { out?: string; json?: boolean }) =>
      withApi(async (c) => {
        const doc = await c.request<z.output<typeof ChangeOrderDocument>>(
          'GET',
          `/api/v1/engagements/${encodeURIComponent(engagement)}/change-orders/${encodeURIComponent(id)}/document`,
        );
        if (opts.out) fs.writeFileSync(opts.out, `${JSON.stringify(doc.frozen, null, 2)}\n`);
        const recomputed = hashOf(doc.frozen);
        printJsonOr(!!opts.json, doc, () =>
          [
            `${doc.number} of ${doc.engagementNumber}: ${doc.status}`,
            `Content hash: ${doc.contentHash}`,
            `Recomputed:   ${recomputed} (${recomputed === doc.contentHash ? 'matches' : 'DOES NOT MATCH'})`,
            ...(doc.decision
              ? [
                  `${label('decision', doc.decision.decision)} by ${doc.decision.contactName} for content hash ${doc.decision.contentHash}`,
                ]
              : []),
            ...(opts.out ? [`Wrote the frozen document to ${opts.out}`] : []),
          ].join('\n'),
        );
        if (recomputed !== doc.contentHash) process.exitCode = 1;
      }),
    );
}
