import { createHash } from 'node:crypto';
import fs from 'node:fs';
import canonicalize from 'canonicalize';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { ChangeOrderDocument } from '../../shared/contracts/change-order-document.ts';
import type { PdfJson } from '../../shared/contracts/workorders.ts';
import { label } from '../../shared/labels.ts';
import { withApi } from '../client.ts';
import { printJsonOr } from '../output.ts';

/** SHA-256 (hex) of the RFC 8785 canonical JSON: the content hash rule printed on every document. */
const hashOf = (value: unknown): string =>
  createHash('sha256')
    .update(canonicalize(value) ?? '', 'utf8')
    .digest('hex');

/** `imr change-orders pdf` and `document`: a sent change order's PDF, and its frozen content with the hash recomputed. */
export function registerChangeOrderCommands(program: Command): void {
  const co = program.command('change-orders').description('Change orders: PDF and frozen document');

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
