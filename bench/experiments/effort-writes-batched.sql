-- Four effort postings' writes (as effort-writes.sql) in ONE statement, on four different contracts, locks
-- taken in id order: what batching concurrent postings into one statement (group commit) would save the
-- database. Seed with bench/experiments/seed-effort-writes.ts, then:
--   pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 8 -j 2 -T 10 -f bench/experiments/effort-writes-batched.sql imr_exp
-- and multiply tps by 4 (postings per statement). Hashes and figures are placeholders, as in effort-writes.sql.
\set m random(0, 4)
\set j0 random(0, 9)
\set j1 random(0, 9)
\set j2 random(0, 9)
\set j3 random(0, 9)
WITH input AS (SELECT engagement_id AS eid, contract_id AS cid, user_id AS uid, md5(random()::text) AS r FROM exp_eng WHERE n IN (20 * :j0 + 4 * :m + 0 + 1, 20 * :j1 + 4 * :m + 1 + 1, 20 * :j2 + 4 * :m + 2 + 1, 20 * :j3 + 4 * :m + 3 + 1)),
eng AS (SELECT 1 FROM engagements WHERE id IN (SELECT eid FROM input) ORDER BY id FOR UPDATE),
lockb AS (SELECT contract_id FROM contract_balances WHERE contract_id IN (SELECT cid FROM input) AND (SELECT count(*) FROM eng) > 0 ORDER BY contract_id FOR UPDATE),
b AS (
  UPDATE contract_balances c SET last_seq = last_seq + 1, last_hash = i.r, consumed = consumed + 15,
    reserved = greatest(reserved - 15, 0), updated_at = now()
  FROM input i WHERE c.contract_id = i.cid AND (SELECT count(*) FROM lockb) > 0 RETURNING c.contract_id, c.last_seq, i.eid, i.uid, i.r
),
le AS (
  INSERT INTO ledger_entries (id, contract_id, seq, kind, amount, engagement_id, reference, overage, balance_after, reserved_after,
    actor_type, actor_id, created_by, created_at, prev_hash, hash)
  SELECT 'led_' || r, contract_id, last_seq, 'consume', 15, eid, 'effort eff_' || r, 0, 1000, 1000,
    'user', uid, 'Admin', now(), r, r FROM b RETURNING id, contract_id, engagement_id
),
res AS (
  INSERT INTO ledger_reservations (contract_id, engagement_id, reserved, released, consumed, minimum_true_ups)
  SELECT contract_id, engagement_id, 5000, 0, 15, 0 FROM le
  ON CONFLICT (contract_id, engagement_id) DO UPDATE SET consumed = ledger_reservations.consumed + 15
),
d AS (
  INSERT INTO ledger_daily_consumption (contract_id, day, consumed) SELECT contract_id, current_date, 15 FROM le
  ON CONFLICT (contract_id, day) DO UPDATE SET consumed = ledger_daily_consumption.consumed + excluded.consumed
),
ef AS (
  INSERT INTO effort_entries (id, engagement_id, contract_id, user_id, work_date, minutes, rounded_minutes, weighted_minutes, amount,
    activity, after_hours, billable, billing_status, status, note, ledger_entry_id, posted_at, idempotency_key, request_hash,
    created_by_user_id, created_by, created_at)
  SELECT 'eff_' || b.r, b.eid, b.contract_id, b.uid, current_date, 15, 15, 15, 15, 'analysis', false, true,
    'consumed', 'active', 'bench', le.id, now(), b.r, b.r, b.uid, 'Admin', now() FROM le JOIN b ON b.contract_id = le.contract_id
),
s AS (UPDATE engagements SET effort_consumed = effort_consumed + 15, updated_at = now() WHERE id IN (SELECT engagement_id FROM le)),
a AS (
  INSERT INTO audit_events (id, at, actor_type, actor_id, actor_label, organization_id, action, entity_type, entity_id, after, channel)
  SELECT 'aud_' || b.r, now(), 'user', b.uid, 'Admin', NULL, 'effort.logged', 'engagement', b.eid,
    '{"entryId":"x","minutes":15,"activity":"analysis","amount":15,"billingStatus":"consumed"}', 'api' FROM b
)
SELECT count(*) FROM le;
