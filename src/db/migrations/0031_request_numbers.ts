import { type Kysely, sql } from 'kysely';

/**
 * Requests get a human number, REQ-2026-0042 (issue 16): a per-year counter like engagement_numbers (0009),
 * row-locked by its upsert so concurrent requests never share one. Existing requests are numbered in the
 * order they were created, per UTC year of creation, and the counters start after them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE request_numbers (
      year integer PRIMARY KEY,
      last integer NOT NULL
    )`.execute(db);
  await sql`ALTER TABLE service_requests ADD COLUMN number text`.execute(db);
  await sql`
    UPDATE service_requests r SET number = n.number
    FROM (
      SELECT id, 'REQ-' || y || '-' ||
        CASE WHEN seq >= 10000 THEN seq::text ELSE lpad(seq::text, 4, '0') END AS number
      FROM (
        SELECT id, y, row_number() OVER (PARTITION BY y ORDER BY created_at, id) AS seq
        FROM (SELECT id, created_at, extract(year FROM created_at AT TIME ZONE 'UTC')::integer AS y FROM service_requests) s
      ) t
    ) n
    WHERE r.id = n.id`.execute(db);
  await sql`
    INSERT INTO request_numbers (year, last)
    SELECT extract(year FROM created_at AT TIME ZONE 'UTC')::integer, count(*) FROM service_requests GROUP BY 1`.execute(
    db,
  );
  await sql`ALTER TABLE service_requests ALTER COLUMN number SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX service_requests_number ON service_requests (number)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE service_requests DROP COLUMN number`.execute(db);
  await sql`DROP TABLE request_numbers`.execute(db);
}
