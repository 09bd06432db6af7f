import type pg from 'pg';
import type { Db } from '../create-db.ts';
import { productTables } from './inventory.ts';

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Every value as PostgreSQL's own text (timestamps with microseconds, numerics, bytea, arrays): copied exactly. */
const asText = { getTypeParser: () => (value: string) => value };

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Reads with every value as text. */
const textQuery =
  (db: Db): Query =>
  (text, values) =>
    db.pool.query({ text, values: values ?? [], types: asText } as pg.QueryConfig) as Promise<{
      rows: Record<string, unknown>[];
    }>;

interface TableShape {
  name: string;
  /** Columns written on insert: all but generated ones. */
  columns: string[];
  /** Foreign keys to other rows of the same table: (column, referenced column) pairs. */
  selfRefs: { column: string; references: string }[];
  parents: string[];
}

async function shapes(q: Query): Promise<TableShape[]> {
  const tables = await productTables(q);
  const { rows: cols } = await q(
    `SELECT c.relname AS t, a.attname AS col FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const { rows: fks } = await q(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[1]) AS col,
            (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attnum = c.confkey[1]) AS ref
       FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  );
  return tables.map((name) => ({
    name,
    columns: cols.filter((c) => c['t'] === name).map((c) => String(c['col'])),
    selfRefs: fks
      .filter((f) => f['child'] === name && f['parent'] === name)
      .map((f) => ({ column: String(f['col']), references: String(f['ref']) })),
    parents: [
      ...new Set(fks.filter((f) => f['child'] === name && f['parent'] !== name).map((f) => String(f['parent']))),
    ],
  }));
}

/** Tables ordered so that every table comes after the tables its foreign keys reference. */
export function dependencyOrder<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: T[] = [];
  const visit = (t: T) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    visiting.add(t.name);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    order.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return order;
}

/** Rows of a table that references itself, ordered so that a referenced row comes first. */
export function parentsFirst(rows: Record<string, unknown>[], refs: TableShape['selfRefs']): Record<string, unknown>[] {
  if (refs.length === 0) return rows;
  const out: Record<string, unknown>[] = [];
  const placed = new Set<string>();
  const key = (col: string, v: unknown) => `${col}\u0000${String(v)}`;
  let pending = rows;
  while (pending.length > 0) {
    const next: Record<string, unknown>[] = [];
    for (const row of pending) {
      const ready = refs.every((r) => row[r.column] === null || placed.has(key(r.references, row[r.column])));
      if (!ready) {
        next.push(row);
        continue;
      }
      out.push(row);
      for (const r of refs) placed.add(key(r.references, row[r.references]));
    }
    if (next.length === pending.length) {
      out.push(...next); // references outside the table's rows: let the database judge them
      break;
    }
    pending = next;
  }
  return out;
}

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

const BATCH = 500;

/**
 * Copies every row of the product's tables from `source` into `target`, whose schema the product's own
 * migrations created (same migrations as the source), in dependency order; then the sequences'
 * positions. The target's own rows (what its migrations seeded) are replaced; rows are only inserted, so
 * the append-only triggers (UPDATE/DELETE) are not in the way. pg-boss's schema
 * is not copied (jobs are scheduled again at start). One transaction on the target: all or nothing.
 */
export async function copyRows(
  source: Db,
  target: Db,
  onProgress: (p: CopyProgress) => void = () => undefined,
): Promise<void> {
  const read = textQuery(source);
  const order = dependencyOrder(await shapes(read));
  const { rows: sequences } = await read(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY 1`,
  );
  const client = await target.pool.connect();
  try {
    await client.query('BEGIN');
    // The migrations seed some rows (the catalogue, settings): the source's own rows replace them.
    // TRUNCATE fires no row trigger, so the append-only tables' triggers are not in the way.
    await client.query(`TRUNCATE ${order.map((t) => ident(t.name)).join(', ')}`);
    for (const table of order) {
      const total = Number((await read(`SELECT count(*) AS n FROM ${ident(table.name)}`)).rows[0]!['n']);
      onProgress({ table: table.name, copied: 0, total });
      const cols = table.columns.map(ident).join(', ');
      const all = table.selfRefs.length > 0;
      let copied = 0;
      for (let offset = 0; offset < total; offset += BATCH) {
        // ctid order is stable for a table nobody writes meanwhile (a stopped folder, or a backup's copy).
        const { rows } = await read(
          `SELECT ${cols} FROM ${ident(table.name)} ORDER BY ctid ${all ? '' : `LIMIT ${BATCH} OFFSET ${offset}`}`,
        );
        const ordered = parentsFirst(rows, table.selfRefs);
        for (let i = 0; i < ordered.length; i += BATCH) {
          const chunk = ordered.slice(i, i + BATCH);
          const values: unknown[] = [];
          const tuples = chunk.map((row) => {
            const marks = table.columns.map((c) => {
              values.push(row[c]);
              return `$${values.length}`;
            });
            return `(${marks.join(', ')})`;
          });
          await client.query(`INSERT INTO ${ident(table.name)} (${cols}) VALUES ${tuples.join(', ')}`, values);
          copied += chunk.length;
          onProgress({ table: table.name, copied, total });
        }
        if (all) break;
      }
    }
    for (const s of sequences) {
      const name = ident(String(s['name']));
      const { rows } = await read(`SELECT last_value, is_called FROM ${name}`);
      await client.query(`SELECT setval('${name.replace(/'/g, "''")}', $1, $2)`, [
        rows[0]!['last_value'],
        rows[0]!['is_called'] === 't' || rows[0]!['is_called'] === true,
      ]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
