import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../../src/db/create-db.ts';

/**
 * What the suite holds every answer to: no 5xx; every error is application/problem+json with a `code`
 * and the status it is sent with; and a refused request (4xx) writes nothing: no audit row carries its
 * request id, no ledger chain moved, no file was stored, no message queued. Login throttling counters
 * (login_attempts) are the one write a refused request may make, so they are not compared. The outbox is
 * compared too, except for the top-up request that an approval refused by the overdraft policy sends the
 * account team by design, in a transaction of its own (approvals.service withTopUp, tested in
 * test/approvals.api.test.ts).
 */
export interface Snapshot {
  audit: number;
  ledger: string;
  files: number;
  outbox: number;
}

/** One query for everything a refused request must leave alone (the tables are small in a fuzz run). */
export async function snapshot(db: Db, requestId: string): Promise<Snapshot> {
  const r = await sql<{ audit: string; ledger: string; files: string; outbox: string }>`
    SELECT (SELECT count(*) FROM audit_events WHERE request_id = ${requestId}) AS audit,
           (SELECT count(*) || '/' || md5(coalesce(string_agg(contract_id || ':' || last_seq || ':' || coalesce(last_hash, ''), ',' ORDER BY contract_id), ''))
              FROM contract_balances) || '/' || (SELECT count(*) FROM ledger_entries) AS ledger,
           (SELECT count(*) FROM stored_files) AS files,
           (SELECT count(*) FROM outbox WHERE topic <> 'ewo.top_up_needed') AS outbox`.execute(db.kysely);
  const row = r.rows[0]!;
  return { audit: Number(row.audit), ledger: row.ledger, files: Number(row.files), outbox: Number(row.outbox) };
}

/** The writes a refused request made, compared with the snapshot before it. */
export function writesOf(before: Snapshot, after: Snapshot): string[] {
  const w: string[] = [];
  if (after.audit > 0) w.push(`${after.audit} audit row(s) with its request id`);
  if (after.ledger !== before.ledger) w.push('a ledger chain moved');
  if (after.files !== before.files) w.push(`${after.files - before.files} stored file(s)`);
  if (after.outbox !== before.outbox) w.push(`${after.outbox - before.outbox} outbox message(s)`);
  return w;
}

/** Why the answer breaks the contract, or undefined when it holds. */
export function answerProblem(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode} server error`;
  if (res.statusCode < 400) return undefined;
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json'))
    return `${res.statusCode} is ${type || 'without a content type'}, not application/problem+json`;
  let body: { code?: unknown; status?: unknown };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    return `${res.statusCode} problem+json that is not JSON`;
  }
  if (typeof body.code !== 'string' || !body.code) return `${res.statusCode} problem without a code`;
  if (body.status !== res.statusCode) return `${res.statusCode} problem that says status ${String(body.status)}`;
  return undefined;
}

/**
 * Whether the request got past validation: accepted, or refused by authentication, authorization, a
 * missing object or a business rule (401, 403, 404, 409, 422, 429), not by a schema (400), a transport
 * limit (413, 414, 415, 431) or the router (404 "No route").
 */
export function pastValidation(res: LightMyRequestResponse): boolean {
  const s = res.statusCode;
  if (s < 400) return true;
  if (s >= 500 || s === 400 || s === 413 || s === 414 || s === 415 || s === 431) return false;
  if (s === 404 && /No route|Route .* not found/.test(res.body)) return false;
  return true;
}

/** The problem code of an error answer (or the status when there is none). */
export function codeOf(res: LightMyRequestResponse): string {
  if (res.statusCode < 400) return String(res.statusCode);
  try {
    const code = (JSON.parse(res.body) as { code?: unknown }).code;
    return typeof code === 'string' ? code : String(res.statusCode);
  } catch {
    return String(res.statusCode);
  }
}

/** The problem detail of an error answer (or its body). */
export function detailOf(res: LightMyRequestResponse): string {
  try {
    const detail = (JSON.parse(res.body) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : res.body;
  } catch {
    return res.body;
  }
}
