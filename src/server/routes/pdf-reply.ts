import type { FastifyReply } from 'fastify';
import { PdfJson } from '../../shared/contracts/workorders.ts';

/** A PDF as a download, or (format=base64) as JSON for clients that cannot take a binary body. */
export type PdfFile = { filename: string; content: Buffer; version: number | null; contentHash: string };
export function sendPdf(reply: FastifyReply, file: PdfFile, format: 'pdf' | 'base64') {
  if (format === 'base64') {
    return reply.send({
      filename: file.filename,
      contentType: 'application/pdf' as const,
      version: file.version,
      contentHash: file.contentHash,
      contentBase64: file.content.toString('base64'),
    });
  }
  // A Buffer is sent as it is (no JSON serialisation).
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.content as never);
}

export const pdfResponse = PdfJson.describe('The PDF (application/pdf); with format=base64 this JSON object.');
