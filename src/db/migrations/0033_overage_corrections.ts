import { type Kysely, sql } from 'kysely';

/**
 * Overage corrections (issue 17): a reversal or an adjustment of consumption that lowers overage already
 * exported is billed as its own line, `overage_correction`, with a negative quantity and amount and the line
 * it corrects (`corrects_line_id`); the exported line never changes. Its source is `<corrected line id>:<period
 * of the run>`, so each run exports a correction of one line at most once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE billing_lines ADD COLUMN corrects_line_id text REFERENCES billing_lines(id)`.execute(db);
  for (const c of ['kind', 'quantity', 'amount_minor'])
    await sql`ALTER TABLE billing_lines DROP CONSTRAINT ${sql.id(`billing_lines_${c}_check`)}`.execute(db);
  await sql`
    ALTER TABLE billing_lines
      ADD CONSTRAINT billing_lines_kind_check CHECK (kind IN ('top_up', 'overage', 'overage_correction', 'expense')),
      ADD CONSTRAINT billing_lines_correction_check CHECK (
        (kind = 'overage_correction') = (corrects_line_id IS NOT NULL)
        AND (kind = 'overage_correction' OR (coalesce(quantity, 0) >= 0 AND coalesce(amount_minor, 0) >= 0))
        AND (kind <> 'overage_correction' OR (quantity < 0 AND amount_minor <= 0))
      )`.execute(db);
  await sql`CREATE INDEX billing_lines_corrects ON billing_lines (corrects_line_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE billing_lines DISABLE TRIGGER billing_lines_invoice_once`.execute(db);
  await sql`DELETE FROM billing_lines WHERE kind = 'overage_correction'`.execute(db);
  await sql`ALTER TABLE billing_lines ENABLE TRIGGER billing_lines_invoice_once`.execute(db);
  await sql`DROP INDEX billing_lines_corrects`.execute(db);
  await sql`
    ALTER TABLE billing_lines
      DROP CONSTRAINT billing_lines_correction_check,
      DROP CONSTRAINT billing_lines_kind_check,
      DROP COLUMN corrects_line_id,
      ADD CONSTRAINT billing_lines_kind_check CHECK (kind IN ('top_up', 'overage', 'expense')),
      ADD CONSTRAINT billing_lines_quantity_check CHECK (quantity >= 0),
      ADD CONSTRAINT billing_lines_amount_minor_check CHECK (amount_minor >= 0)`.execute(db);
}
