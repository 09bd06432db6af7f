import { type Kysely, sql } from 'kysely';

/**
 * Rate cards frozen with approved work (issue 17, defect 2). An EWO version and a change order store the
 * card (unit, units per hour, rounding, multipliers, T&E policy, minimum on cancel: shared/rate-card.ts)
 * they were priced with when sent; an engagement stores the card its effort converts with (its EWO's,
 * then its latest approved change order's: `rate_card_change_order_id`). Existing rows are backfilled with
 * their contract's current card: the cards they were really priced with were never recorded, and the
 * current one is the best information there is. Settings keys absent from a contract's stored settings
 * stay absent here too; reading a card fills them with the defaults of domain.md, as for contracts.
 */
const cardOf = (k: string) =>
  sql.raw(`jsonb_build_object(
  'unit', ${k}.unit,
  'unitsPerHour', ${k}.units_per_hour::text,
  'settings', jsonb_strip_nulls(jsonb_build_object(
    'roundingIncrementMinutes', ${k}.settings->'roundingIncrementMinutes',
    'activityMultipliers', ${k}.settings->'activityMultipliers',
    'afterHoursMultiplier', ${k}.settings->'afterHoursMultiplier',
    'travelTimeBillable', ${k}.settings->'travelTimeBillable',
    'minimumAppliesOnCancel', ${k}.settings->'minimumAppliesOnCancel')))`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE work_order_versions ADD COLUMN rate_card jsonb`.execute(db);
  await sql`ALTER TABLE change_orders ADD COLUMN rate_card jsonb`.execute(db);
  await sql`ALTER TABLE engagements ADD COLUMN rate_card jsonb`.execute(db);
  // No foreign key: change_orders already references engagements, and a cycle would leave `imr db copy` no
  // table order to copy in; the id is only ever written from the approved change order itself.
  await sql`ALTER TABLE engagements ADD COLUMN rate_card_change_order_id text`.execute(db);
  await sql`
    UPDATE work_order_versions v SET rate_card = ${cardOf('k')}
    FROM work_orders w JOIN contracts k ON k.id = w.contract_id
    WHERE w.id = v.work_order_id AND v.status <> 'draft'`.execute(db);
  await sql`
    UPDATE change_orders c SET rate_card = ${cardOf('k')}
    FROM contracts k WHERE k.id = c.contract_id AND c.status <> 'draft'`.execute(db);
  await sql`
    UPDATE engagements e SET rate_card = ${cardOf('k')}
    FROM contracts k WHERE k.id = e.contract_id`.execute(db);
  await sql`ALTER TABLE engagements ALTER COLUMN rate_card SET NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE engagements DROP COLUMN rate_card_change_order_id`.execute(db);
  await sql`ALTER TABLE engagements DROP COLUMN rate_card`.execute(db);
  await sql`ALTER TABLE change_orders DROP COLUMN rate_card`.execute(db);
  await sql`ALTER TABLE work_order_versions DROP COLUMN rate_card`.execute(db);
}
