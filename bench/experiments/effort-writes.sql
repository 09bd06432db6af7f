-- What one effort posting writes (docs/benchmarks.md, "effort-post"), run by pgbench with no API in front:
-- the engagement locked, then the balance row; the consume entry, the reservation and daily sums, the
-- effort entry, the engagement's sums and the audit event, in one statement as the optimistic path does.
-- Seed with bench/experiments/seed-effort-writes.ts, then:
--   pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 8 -j 2 -T 10 -f bench/experiments/effort-writes.sql imr_exp
-- Hashes and figures are placeholders (the cost is the writes, not the values): the seeded ledgers no longer
-- verify afterwards, so never point it at a database that matters.
\set n random(1, 200)
SELECT engagement_id AS eid, contract_id AS cid, user_id AS uid, md5(random()::text) AS r FROM exp_eng WHERE n = :n \gset
WITH eng AS (SELECT 1 FROM engagements WHERE id = (:eid)::text FOR UPDATE),
b AS (
  UPDATE contract_balances SET last_seq = last_seq + 1, last_hash = (:r)::text, consumed = consumed + 15,
    reserved = greatest(reserved - 15, 0), updated_at = now()
  WHERE contract_id = (:cid)::text AND EXISTS (SELECT 1 FROM eng) RETURNING last_seq
),
le AS (
  INSERT INTO ledger_entries (id, contract_id, seq, kind, amount, engagement_id, reference, overage, balance_after, reserved_after,
    actor_type, actor_id, created_by, created_at, prev_hash, hash)
  SELECT 'led_' || (:r)::text, (:cid)::text, last_seq, 'consume', 15, (:eid)::text, 'effort eff_' || (:r)::text, 0, 1000, 1000,
    'user', (:uid)::text, 'Admin', now(), (:r)::text, (:r)::text FROM b RETURNING id
),
res AS (
  INSERT INTO ledger_reservations (contract_id, engagement_id, reserved, released, consumed, minimum_true_ups)
  SELECT (:cid)::text, (:eid)::text, 5000, 0, 15, 0 FROM le
  ON CONFLICT (contract_id, engagement_id) DO UPDATE SET consumed = ledger_reservations.consumed + 15
),
d AS (
  INSERT INTO ledger_daily_consumption (contract_id, day, consumed) SELECT (:cid)::text, current_date, 15 FROM le
  ON CONFLICT (contract_id, day) DO UPDATE SET consumed = ledger_daily_consumption.consumed + excluded.consumed
),
ef AS (
  INSERT INTO effort_entries (id, engagement_id, contract_id, user_id, work_date, minutes, rounded_minutes, weighted_minutes, amount,
    activity, after_hours, billable, billing_status, status, note, ledger_entry_id, posted_at, idempotency_key, request_hash,
    created_by_user_id, created_by, created_at)
  SELECT 'eff_' || (:r)::text, (:eid)::text, (:cid)::text, (:uid)::text, current_date, 15, 15, 15, 15, 'analysis', false, true,
    'consumed', 'active', 'bench', id, now(), (:r)::text, (:r)::text, (:uid)::text, 'Admin', now() FROM le
),
s AS (UPDATE engagements SET effort_consumed = effort_consumed + 15, updated_at = now() WHERE id = (:eid)::text AND EXISTS (SELECT 1 FROM le)),
a AS (
  INSERT INTO audit_events (id, at, actor_type, actor_id, actor_label, organization_id, action, entity_type, entity_id, after, channel)
  SELECT 'aud_' || (:r)::text, now(), 'user', (:uid)::text, 'Admin', NULL, 'effort.logged', 'engagement', (:eid)::text,
    '{"entryId":"x","minutes":15,"activity":"analysis","amount":15,"billingStatus":"consumed"}', 'api' FROM le
)
SELECT count(*) FROM le;
