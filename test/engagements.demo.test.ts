import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEngagementsDemo } from '../src/demo/engagements.ts';
import { effortRepo } from '../src/core/effort/effort.repo.ts';
import { makeContract } from './support/contract-factories.ts';
import { makeEngagement, replayedBalance } from './support/engagement-factories.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-20T16:00:00Z' });
});
afterAll(async () => t.close());

it("gives the work-orders demo's engagements an effort history and closes one with a true-up", async () => {
  await makeUser(t, { role: 'admin' });
  await makeUser(t, { role: 'ir_manager' });
  const lena = await makeUser(t, { role: 'consultant' });
  await makeUser(t, { role: 'consultant' });
  const contract = await makeContract(t, { initialAmount: 200 * 60 });
  const busy = await makeEngagement(t, { contract, estimate: 30 * 60, team: [{ userId: lena.id, role: 'lead' }] });
  const small = await makeEngagement(t, { contract, estimate: 8 * 60, status: 'delivering' }); // no team: the demo staffs it; its estimate runs out
  const minimum = await makeEngagement(t, {
    contract,
    estimate: 40 * 60,
    minimumBillable: 40 * 60,
    status: 'in_progress',
  });
  const scheduled = await makeEngagement(t, { contract, status: 'scheduled' });
  const result = await loadEngagementsDemo(t.core, { engagementIds: [busy.id, small.id, minimum.id, scheduled.id] });
  expect(result.entries).toBeGreaterThan(20);
  expect(result.closed).toEqual([minimum.id]);
  const dates = await t.db.kysely
    .selectFrom('effort_entries')
    .select('work_date')
    .distinct()
    .where('engagement_id', '=', busy.id)
    .execute();
  expect(dates.length).toBeGreaterThan(5);
  expect((await effortRepo.sums(t.db.kysely, small.id)).held).toBeGreaterThan(0);
  expect(
    await t.db.kysely.selectFrom('effort_entries').select('id').where('engagement_id', '=', scheduled.id).execute(),
  ).toEqual([]);
  const closed = await t.db.kysely
    .selectFrom('engagements')
    .select(['status', 'closing'])
    .where('id', '=', minimum.id)
    .executeTakeFirstOrThrow();
  expect(closed.status).toBe('closed');
  expect(closed.closing!.trueUp).toBeGreaterThan(0);
  const cached = await t.db.kysely
    .selectFrom('contract_balances')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .executeTakeFirstOrThrow();
  const replay = await replayedBalance(t, contract.id);
  expect(cached.granted + cached.topped_up - cached.consumed - cached.minimum_true_ups).toBe(replay.balance);
});
