import type { FastifyReply } from 'fastify';
import { toCsv, type CsvCell } from '../../shared/csv.ts';

/** A CSV download: every export replies through here, so every cell is neutralised (see shared/csv.ts). */
export function sendCsv(
  reply: FastifyReply,
  file: { filename: string; columns: readonly string[]; rows: readonly (readonly CsvCell[])[] },
) {
  const safeName = file.filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}"`)
    .header('cache-control', 'private, no-store')
    .send(toCsv(file.columns, file.rows) as never); // text, not JSON: Fastify sends strings as they are
}
