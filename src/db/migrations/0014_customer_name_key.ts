import { type Kysely, sql } from 'kysely';
import { normalizeName } from '../../shared/names.ts';

/**
 * Customer names are unique by their normalised key (src/shared/names.ts `normalizeName`: NFKC, no
 * zero-width or bidi characters, lower case, single spaces), not only by lower(name): "Nor\u200bthwind"
 * and "Ｎｏｒｔｈｗｉｎｄ" were accepted next to "Northwind". The key is computed here in JavaScript, as the
 * service computes it: PostgreSQL's normalize() exists, but lower() follows the database's collation
 * (ASCII only under "C"), so SQL could not give the same key on every deployment.
 *
 * customers_name_key is a unique index when the existing names allow it. When two existing customers
 * already share a key, they are listed in the log and the index is created without uniqueness (the
 * service's check still refuses new look-alikes); docs/operations.md says how to make it unique later.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE customers ADD COLUMN name_key text`.execute(db);
  const rows = (
    await sql<{ id: string; name: string }>`SELECT id, name FROM customers ORDER BY created_at, id`.execute(db)
  ).rows;
  const keyed = rows.map((r) => ({ ...r, key: normalizeName(r.name) }));
  for (let i = 0; i < keyed.length; i += 1000) {
    const batch = keyed.slice(i, i + 1000);
    await sql`
      UPDATE customers AS c SET name_key = v.key
      FROM unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => r.key)}::text[]) AS v(id, key)
      WHERE c.id = v.id`.execute(db);
  }
  await sql`ALTER TABLE customers ALTER COLUMN name_key SET NOT NULL`.execute(db);
  const clashes = clashingNames(keyed);
  if (clashes.length === 0) {
    await sql`CREATE UNIQUE INDEX customers_name_key ON customers (name_key)`.execute(db);
    return;
  }
  console.warn(
    `Migration 0014: ${clashes.length} group(s) of customers have names that differ only by case, width, spacing or invisible characters, ` +
      `so customers_name_key is not unique; new look-alikes are still refused. Rename all but one in each group ` +
      `(see docs/operations.md, "What the server accepts as dates and names"):\n` +
      clashes.map((g) => `  - ${g.map((c) => `${visible(c.name)} (${c.id})`).join(', ')}`).join('\n'),
  );
  await sql`CREATE INDEX customers_name_key ON customers (name_key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX customers_name_key`.execute(db);
  await sql`ALTER TABLE customers DROP COLUMN name_key`.execute(db);
}

/** Customers grouped by key, only the groups with more than one, in the order they were created. */
export function clashingNames<T extends { key: string }>(rows: readonly T[]): T[][] {
  const byKey = new Map<string, T[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  return [...byKey.values()].filter((g) => g.length > 1);
}

/** A name in quotes with its invisible and control characters written as \u{…}, so a log reader sees them. */
const visible = (name: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what it makes visible
  `"${name.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)}"`;
