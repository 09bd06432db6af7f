import type { Db } from '../create-db.ts';
import type { LedgerHead } from './backup-file.ts';

/** Tables of the product's schema that a backup, restore or copy compares: all of `public` but the migrator's own. */
export const MIGRATOR_TABLES = ['imr_migrations', 'imr_migrations_lock'];

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** A query function on the database's pool, or on a client the caller holds (one consistent view). */
export const poolQuery =
  (db: Db): Query =>
  (text, values) =>
    db.pool.query(text, values) as Promise<{ rows: Record<string, unknown>[] }>;

/** The product's tables in `public`, by name. */
export async function productTables(q: Query): Promise<string[]> {
  const { rows } = await q(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return rows.map((r) => String(r['name'])).filter((t) => !MIGRATOR_TABLES.includes(t));
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Rows per product table. */
export async function tableCounts(q: Query): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await productTables(q)) {
    const { rows } = await q(`SELECT count(*)::int AS n FROM ${ident(table)}`);
    out[table] = Number(rows[0]!['n']);
  }
  return out;
}

/** Every contract's ledger head (last sequence number and hash), by contract id. */
export async function ledgerHeads(q: Query): Promise<LedgerHead[]> {
  const { rows } = await q(`SELECT contract_id, last_seq, last_hash FROM contract_balances ORDER BY contract_id`);
  return rows.map((r) => ({
    contractId: String(r['contract_id']),
    lastSeq: Number(r['last_seq']),
    lastHash: r['last_hash'] === null ? null : String(r['last_hash']),
  }));
}

/** Names of the applied migrations (none when the migrator's table does not exist: an empty database). */
export async function appliedMigrations(q: Query): Promise<string[]> {
  const { rows: exists } = await q(`SELECT to_regclass('public.imr_migrations') IS NOT NULL AS present`);
  if (!exists[0]?.['present']) return [];
  const { rows } = await q(`SELECT name FROM imr_migrations ORDER BY name`);
  return rows.map((r) => String(r['name']));
}

export async function serverVersionNum(q: Query): Promise<number> {
  const { rows } = await q(`SHOW server_version_num`);
  return Number(rows[0]!['server_version_num']);
}

/** True when `public` holds no table, view or sequence (an empty database, ready for a restore or copy). */
export async function schemaIsEmpty(q: Query): Promise<boolean> {
  const { rows } = await q(
    `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r','p','v','m','S')`,
  );
  return Number(rows[0]!['n']) === 0;
}

/** What a backup records and a restore or copy compares: rows per table and every ledger head. */
export interface Inventory {
  tables: Record<string, number>;
  ledgerHeads: LedgerHead[];
}

export async function inventory(q: Query): Promise<Inventory> {
  return { tables: await tableCounts(q), ledgerHeads: await ledgerHeads(q) };
}

/** The differences between two inventories, as lines a person reads (empty when they agree). */
export function compareInventories(expected: Inventory, actual: Inventory): string[] {
  const problems: string[] = [];
  const tables = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  for (const t of [...tables].sort()) {
    if (expected.tables[t] !== actual.tables[t])
      problems.push(
        `table ${t}: ${expected.tables[t] ?? 'missing'} rows expected, ${actual.tables[t] ?? 'missing'} found`,
      );
  }
  const heads = new Map(actual.ledgerHeads.map((h) => [h.contractId, h]));
  for (const h of expected.ledgerHeads) {
    const other = heads.get(h.contractId);
    if (!other || other.lastSeq !== h.lastSeq || other.lastHash !== h.lastHash)
      problems.push(
        `ledger of contract ${h.contractId}: head ${h.lastSeq}/${h.lastHash ?? '-'} expected, ${other ? `${other.lastSeq}/${other.lastHash ?? '-'}` : 'none'} found`,
      );
  }
  if (actual.ledgerHeads.length !== expected.ledgerHeads.length)
    problems.push(`${expected.ledgerHeads.length} ledgers expected, ${actual.ledgerHeads.length} found`);
  return problems;
}
