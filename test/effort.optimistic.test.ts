import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { DRAFT_MAX_AGE_MS } from '../src/core/ledger/optimistic/draft-memory.ts';
import { verifyLedgerExport } from '../src/core/ledger/ledger.verify.ts';
import { optimisticRepo } from '../src/core/ledger/optimistic/optimistic.repo.ts';
import { makeCustomer, type TestCustomer } from './support/contract-factories.ts';
import {
  engagementSnapshot,
  makeEngagement,
  outboxOf,
  replayedBalance,
  type EngagementOptions,
} from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// Ordinary effort (new, billable, consumed within the estimate, no notice due) takes the optimistic path:
// one read (optimisticRepo.draftContext), one guarded statement (optimisticRepo.appendConsumedMany), and the
// locking path whenever the statement finds the engagement or the ledger moved. These tests move them
// between the read and the write and check that nothing is lost, doubled, misplaced or allowed wrongly.

let t: TestEnv;
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let admin: U, alice: U, bob: U;
let customer: TestCustomer;
const other = systemCtx('another writer');

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  await makeUserWithToken(t, { role: 'ir_manager' }); // receives the 90 % warning
  alice = await makeUserWithToken(t, { role: 'consultant' });
  bob = await makeUserWithToken(t, { role: 'consultant' });
  customer = await makeCustomer(t, { timeZone: 'America/Chicago' });
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const engagement = (o: EngagementOptions = {}) =>
  makeEngagement(t, {
    team: [
      { userId: alice.id, role: 'lead' },
      { userId: bob.id, role: 'analyst' },
    ],
    estimate: 600,
    ...o,
    contractOptions: { customerId: customer.customerId, initialAmount: 6000 },
  });
const log = (u: U, engagementId: string, minutes: number, key: string) =>
  call(
    t.app,
    u.auth,
    'POST',
    `/api/v1/engagements/${engagementId}/effort`,
    { date: '2026-11-02', minutes, activity: 'analysis', note: key },
    { 'idempotency-key': key },
  );

let forcedStale = 0;
/** The next `n` optimistic writes find their draft outdated (as if the engagement or ledger had moved): the path falls back. */
const forceStale = (n: number) => void (forcedStale = n);

/**
 * What each optimistic write of the test answered, in order ('appended', 'stale', 'duplicate'). The tests
 * post one at a time, so each statement of the group-commit writer (optimisticRepo.appendConsumedMany) holds
 * one posting.
 */
function watchWrites() {
  const outcomes: string[] = [];
  forcedStale = 0;
  const many = optimisticRepo.appendConsumedMany.bind(optimisticRepo);
  vi.spyOn(optimisticRepo, 'appendConsumedMany').mockImplementation(async (ex, ws) => {
    const r = forcedStale > 0 ? (forcedStale--, new Set<number>()) : await many(ex, ws);
    outcomes.push(...ws.map((_, k) => (r === 'duplicate' ? r : r.has(k) ? 'appended' : 'stale')));
    return r;
  });
  return async () => outcomes;
}

/** Runs `meanwhile` after the optimistic path read its context and before it writes. */
function between(meanwhile: () => Promise<unknown>) {
  const read = optimisticRepo.draftContext.bind(optimisticRepo);
  vi.spyOn(optimisticRepo, 'draftContext').mockImplementationOnce(async (...args) => {
    const r = await read(...args);
    await meanwhile();
    return r;
  });
}

/** Everything effort and the ledger keep about one engagement, and whether they agree. */
async function state(engagementId: string) {
  const s = await engagementSnapshot(t, engagementId);
  const contractId = s.engagement.contract_id;
  const doc = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contractId}/ledger/export`)).json();
  const reservation = await t.db.kysely
    .selectFrom('ledger_reservations')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const daily = await t.db.kysely
    .selectFrom('ledger_daily_consumption')
    .select(['day', 'consumed'])
    .where('contract_id', '=', contractId)
    .execute();
  const audits = await t.db.kysely
    .selectFrom('audit_events')
    .select('after')
    .where('entity_id', '=', engagementId)
    .where('action', '=', 'effort.logged')
    .execute();
  expect(audits.filter((a) => typeof a.after !== 'object' || a.after === null)).toEqual([]);
  const active = s.effort.filter((e) => e.status === 'active');
  const consumes = doc.entries.filter((e: { kind: string }) => e.kind === 'consume');
  const consumed = active.filter((e) => e.billing_status === 'consumed').reduce((n, e) => n + e.amount, 0);
  expect(verifyLedgerExport(doc)).toMatchObject({ ok: true });
  expect(s.engagement.effort_consumed).toBe(consumed);
  expect(reservation.consumed).toBe(consumed);
  expect(daily.reduce((n, d) => n + d.consumed, 0)).toBe(consumed);
  expect(consumes.map((e: { amount: number }) => e.amount).reduce((a: number, b: number) => a + b, 0)).toBe(consumed);
  expect(s.balance.reserved).toBe(Math.max(0, reservation.reserved - reservation.consumed));
  expect((await replayedBalance(t, contractId)).balance).toBe(
    (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contractId}/balance`)).json().balance.amount,
  );
  return {
    entries: active.length,
    consumed,
    consumes: consumes.length,
    audits: audits.length,
    seqs: doc.entries.map((e: { seq: number }) => e.seq),
  };
}

describe('optimistic effort posting', () => {
  it('writes what the locking path writes, in one statement', async () => {
    const e = await engagement();
    const writes = watchWrites();
    const fast = await log(alice, e.id, 50, 'fast');
    expect(fast.statusCode).toBe(201);
    // the next one takes the locking path: its remembered context and then a fresh read both find the ledger moved
    forceStale(2);
    const locked = await log(alice, e.id, 50, 'locked');
    expect(locked.statusCode).toBe(201);
    expect(await writes()).toEqual(['appended', 'stale', 'stale']);
    const shape = (x: Record<string, unknown>) => ({
      ...x,
      id: undefined,
      ledgerEntryId: undefined,
      postedAt: undefined,
      createdAt: undefined,
      note: undefined,
      warnings: undefined,
    });
    expect(shape(fast.json())).toEqual(shape(locked.json()));
    expect(fast.json()).toMatchObject({
      billingStatus: 'consumed',
      roundedMinutes: 60,
      unitsDrawn: { amount: 60 },
      status: 'active',
      warnings: [],
    });
    const ledger = await t.db.kysely
      .selectFrom('ledger_entries')
      .selectAll()
      .where('id', 'in', [fast.json().ledgerEntryId, locked.json().ledgerEntryId])
      .orderBy('seq')
      .execute();
    const entry = (x: (typeof ledger)[number]) => ({
      kind: x.kind,
      amount: x.amount,
      engagement: x.engagement_id,
      key: x.idempotency_key,
      actor: x.actor_id,
      by: x.created_by,
      overage: x.overage,
    });
    expect(ledger.map((x) => x.reference)).toEqual([`effort ${fast.json().id}`, `effort ${locked.json().id}`]);
    expect(entry(ledger[0]!)).toEqual(entry(ledger[1]!));
    expect(await state(e.id)).toMatchObject({ entries: 2, consumed: 120, consumes: 2, audits: 2 });
    // the replay of either key answers its entry and writes nothing more
    const replay = await log(alice, e.id, 50, 'fast');
    expect([replay.headers['idempotent-replayed'], replay.json().id]).toEqual(['true', fast.json().id]);
    expect(await state(e.id)).toMatchObject({ entries: 2, consumes: 2, audits: 2 });
  });

  it('falls back when the engagement took other effort between its read and its write', async () => {
    const e = await engagement();
    const writes = watchWrites();
    between(() =>
      t.core.services.effort.logEffort({ actor: bob.actor, channel: 'api' }, e.id, {
        date: '2026-11-02',
        minutes: 15,
        activity: 'analysis',
      }),
    );
    const r = await log(alice, e.id, 30, 'late');
    expect(r.statusCode).toBe(201);
    // the other posting (inside the hook) appended; this one found the engagement and the ledger moved, wrote nothing, and the locking path posted it
    expect(await writes()).toEqual(['appended', 'stale']);
    expect(await state(e.id)).toMatchObject({ entries: 2, consumed: 45, consumes: 2, audits: 2 });
  });

  it('falls back when the ledger moved for another reason (a top-up)', async () => {
    const e = await engagement();
    const writes = watchWrites();
    between(() =>
      t.db.transaction((trx) =>
        t.core.services.ledger.postTopUp(trx, other, { contractId: e.contract.id, amount: 60, reference: 'PO 7' }),
      ),
    );
    expect((await log(alice, e.id, 15, 'after-top-up')).statusCode).toBe(201);
    expect(await writes()).toEqual(['stale']);
    expect(await state(e.id)).toMatchObject({ entries: 1, consumed: 15, consumes: 1, audits: 1 });
  });

  it('refuses, writing nothing, when the engagement closed or the person left the team meanwhile', async () => {
    const closed = await engagement();
    const writes = watchWrites();
    between(() =>
      t.db.kysely.updateTable('engagements').set({ status: 'closed' }).where('id', '=', closed.id).execute(),
    );
    const r1 = await log(alice, closed.id, 15, 'too-late');
    expect([r1.statusCode, r1.json().code]).toEqual([409, 'ENGAGEMENT_NOT_OPEN']);

    const left = await engagement();
    between(() =>
      t.db.kysely
        .deleteFrom('engagement_team')
        .where('engagement_id', '=', left.id)
        .where('user_id', '=', alice.id)
        .execute(),
    );
    const r2 = await log(alice, left.id, 15, 'not-on-team');
    expect(r2.statusCode).toBe(404); // a consultant off the team no longer sees the engagement
    expect(await writes()).toEqual(['stale', 'stale']);
    for (const id of [closed.id, left.id]) expect((await engagementSnapshot(t, id)).effort).toEqual([]);
  });

  it('answers a key taken meanwhile (by effort that moved no sum) as the locking path does, writing nothing', async () => {
    const e = await engagement();
    const writes = watchWrites();
    // internal effort draws nothing: the engagement and the ledger stay as read, only the key is taken
    between(() =>
      t.core.services.effort.logEffort(
        { actor: alice.actor, channel: 'api' },
        e.id,
        { date: '2026-11-02', minutes: 15, activity: 'internal' },
        'same',
      ),
    );
    const r = await log(alice, e.id, 15, 'same');
    expect([r.statusCode, r.json().code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    // the statement passed its guards and lost the race on the key: a unique violation, nothing written
    expect(await writes()).toEqual(['duplicate']);
    expect(await state(e.id)).toMatchObject({ entries: 1, consumed: 0, consumes: 0, audits: 1 });
  });

  it('writes its audit event as the locking path does: an object the audit log lists', async () => {
    const e = await engagement();
    const writes = watchWrites();
    const fast = await log(alice, e.id, 50, 'audited-fast');
    forceStale(2);
    const locked = await log(alice, e.id, 50, 'audited-locked');
    expect(await writes()).toEqual(['appended', 'stale', 'stale']);
    const page = await call(t.app, admin.auth, 'GET', `/api/v1/audit?entityId=${e.id}&limit=200`);
    expect(page.statusCode).toBe(200);
    const logged = page.json().items.filter((x: { action: string }) => x.action === 'effort.logged');
    expect(logged.map((x: { after: { entryId: string } }) => x.after.entryId)).toEqual([
      locked.json().id,
      fast.json().id,
    ]);
    expect(logged[1].after).toEqual({
      ...logged[0].after,
      entryId: fast.json().id,
      ledgerEntryId: fast.json().ledgerEntryId,
    });
    // and the unfiltered log, as an admin pages it
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/audit?limit=200')).statusCode).toBe(200);
  });

  it('leaves effort with a notice due to the locking path: 90 % of the estimate, held effort', async () => {
    const e = await engagement({ estimate: 100 });
    const writes = watchWrites();
    expect((await log(alice, e.id, 60, 'a')).json().billingStatus).toBe('consumed');
    const warned = await log(alice, e.id, 30, 'b'); // 90 of 100: the warning goes out with it
    expect(warned.json().billingStatus).toBe('consumed');
    expect(
      (await outboxOf(t, 'engagement.estimate_warning')).filter((m) => m.dedupe_key?.endsWith(`${e.id}:100`)),
    ).toHaveLength(1);
    expect((await log(alice, e.id, 30, 'c')).json().billingStatus).toBe('held');
    expect(await writes()).toEqual(['appended']);
    expect(await state(e.id)).toMatchObject({ entries: 3, consumed: 90, consumes: 2, audits: 3 });
  });
});

// A server remembers the context its own optimistic posting left (effort/draft-memory.ts): the next posting
// on the engagement by the same person skips the read. The statement's guards make that safe; these tests
// move what a remembered context holds and check it is read again, never written from.
describe('remembered effort contexts', () => {
  const reads = () => vi.spyOn(optimisticRepo, 'draftContext');

  it('skip the read for the next posting on the engagement, also after another engagement of the contract moved its head', async () => {
    const e1 = await engagement();
    const e2 = await makeEngagement(t, {
      team: [{ userId: alice.id, role: 'lead' }],
      estimate: 600,
      contract: e1.contract,
    });
    const read = reads();
    const writes = watchWrites();
    for (const [i, id] of [e1.id, e2.id, e1.id, e2.id, e1.id].entries())
      expect((await log(alice, id, 15, `m${i}`)).json().billingStatus).toBe('consumed');
    expect(read).toHaveBeenCalledTimes(2); // one per engagement
    expect(await writes()).toEqual(['appended', 'appended', 'appended', 'appended', 'appended']);
    // one contract: its chain verifies and holds both engagements' consumption; each engagement's sums match its entries
    const doc = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${e1.contract.id}/ledger/export`)).json();
    expect(verifyLedgerExport(doc)).toMatchObject({ ok: true });
    expect(
      doc.entries.filter((x: { kind: string }) => x.kind === 'consume').map((x: { amount: number }) => x.amount),
    ).toEqual([15, 15, 15, 15, 15]);
    for (const [id, consumed] of [
      [e1.id, 45],
      [e2.id, 30],
    ] as const) {
      const s = await engagementSnapshot(t, id);
      const reservation = await t.db.kysely
        .selectFrom('ledger_reservations')
        .selectAll()
        .where('engagement_id', '=', id)
        .executeTakeFirstOrThrow();
      expect([s.engagement.effort_consumed, reservation.consumed, s.effort.reduce((n, x) => n + x.amount, 0)]).toEqual([
        consumed,
        consumed,
        consumed,
      ]);
    }
    expect((await replayedBalance(t, e1.contract.id)).balance).toBe(
      (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${e1.contract.id}/balance`)).json().balance.amount,
    );
  });

  it('are read again when another writer moved the engagement, the ledger or the reservation', async () => {
    const e = await engagement();
    const read = reads();
    const writes = watchWrites();
    expect((await log(alice, e.id, 15, 'r1')).statusCode).toBe(201);
    // another person's effort (their own context) moves the engagement's sums
    expect((await log(bob, e.id, 15, 'r2')).statusCode).toBe(201);
    expect((await log(alice, e.id, 15, 'r3')).statusCode).toBe(201);
    // a top-up through the locking path moves the ledger head
    await t.db.transaction((trx) =>
      t.core.services.ledger.postTopUp(trx, other, { contractId: e.contract.id, amount: 60, reference: 'PO 8' }),
    );
    expect((await log(alice, e.id, 15, 'r4')).statusCode).toBe(201);
    expect(await writes()).toEqual(['appended', 'appended', 'stale', 'appended', 'stale', 'appended']);
    expect(read).toHaveBeenCalledTimes(4);
    expect(await state(e.id)).toMatchObject({ entries: 4, consumed: 60, consumes: 4, audits: 4 });

    // the reservation's sums are written as values, not deltas: a row that moved behind the memory's back fails the guard
    const before = await t.db.kysely
      .selectFrom('ledger_reservations')
      .selectAll()
      .where('engagement_id', '=', e.id)
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .updateTable('ledger_reservations')
      .set({ reserved: before.reserved + 60 })
      .where('engagement_id', '=', e.id)
      .execute();
    expect((await log(alice, e.id, 15, 'r5')).statusCode).toBe(201);
    expect((await writes()).slice(-2)).toEqual(['stale', 'appended']);
    const after = await t.db.kysely
      .selectFrom('ledger_reservations')
      .selectAll()
      .where('engagement_id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect([after.reserved, after.consumed]).toEqual([before.reserved + 60, before.consumed + 15]);
  });

  it("keep the engagement's own rate card when the contract's rate changes: approved work is never repriced", async () => {
    const e = await makeEngagement(t, {
      team: [{ userId: alice.id, role: 'lead' }],
      estimate: 900,
      contractOptions: {
        customerId: customer.customerId,
        unit: 'service_units',
        unitsPerHour: '1.5',
        initialAmount: 6000,
      },
    });
    const writes = watchWrites();
    expect((await log(alice, e.id, 60, 'rate-1')).json().unitsDrawn.amount).toBe(150); // hundredths of a unit
    expect(
      (await call(t.app, admin.auth, 'PATCH', `/api/v1/contracts/${e.contract.id}`, { unitsPerHour: '2' })).statusCode,
    ).toBe(200);
    // The engagement was approved under 1.5 units an hour: a new contract rate applies to work approved after it.
    expect((await log(alice, e.id, 60, 'rate-2')).json().unitsDrawn.amount).toBe(150);
    expect(await writes()).toEqual(['appended', 'appended']);
    expect(await state(e.id)).toMatchObject({ entries: 2, consumed: 300, consumes: 2, audits: 2 });
  });

  it('refuse, writing nothing, a person who left the team after a remembered posting', async () => {
    const e = await engagement();
    const writes = watchWrites();
    expect((await log(alice, e.id, 15, 'on-team')).statusCode).toBe(201);
    await t.db.kysely
      .deleteFrom('engagement_team')
      .where('engagement_id', '=', e.id)
      .where('user_id', '=', alice.id)
      .execute();
    const r = await log(alice, e.id, 15, 'off-team');
    expect(r.statusCode).toBe(404);
    expect(await writes()).toEqual(['appended', 'stale']); // the fresh read then finds her off the team: the locking path refuses
    expect(await state(e.id)).toMatchObject({ entries: 1, consumed: 15, consumes: 1, audits: 1 });
  });

  it("are read again when the customer's time zone changed: effort is never dated in the old one", async () => {
    const far = await makeCustomer(t, { timeZone: 'America/Chicago' });
    const e = await makeEngagement(t, {
      team: [{ userId: alice.id, role: 'lead' }],
      estimate: 600,
      contractOptions: { customerId: far.customerId, initialAmount: 6000 },
    });
    const writes = watchWrites();
    const undated = (key: string) =>
      call(
        t.app,
        alice.auth,
        'POST',
        `/api/v1/engagements/${e.id}/effort`,
        { minutes: 15, activity: 'analysis' },
        { 'idempotency-key': key },
      );
    expect((await undated('zone-1')).json().date).toBe('2026-11-02'); // 09:00 in Chicago
    // another process moves the customer to UTC+14, where it is already the 3rd
    await t.db.kysely
      .updateTable('customers')
      .set({ time_zone: 'Pacific/Kiritimati' })
      .where('id', '=', far.customerId)
      .execute();
    expect((await undated('zone-2')).json().date).toBe('2026-11-03');
    expect(await writes()).toEqual(['appended', 'stale', 'appended']);
    const daily = await t.db.kysely
      .selectFrom('ledger_daily_consumption')
      .select(['day', 'consumed'])
      .where('contract_id', '=', e.contract.id)
      .orderBy('day')
      .execute();
    expect(daily).toEqual([
      { day: '2026-11-02', consumed: 15 },
      { day: '2026-11-03', consumed: 15 },
    ]);
  });

  it(`are read again once older than ${DRAFT_MAX_AGE_MS} ms: names are not guarded`, async () => {
    const e = await engagement();
    const read = reads();
    expect((await log(alice, e.id, 15, 'old-1')).statusCode).toBe(201);
    await t.db.kysely.updateTable('users').set({ name: 'Alice Renamed' }).where('id', '=', alice.id).execute();
    t.clock.advance(DRAFT_MAX_AGE_MS / 2);
    expect((await log(alice, e.id, 15, 'old-2')).json().userName).not.toBe('Alice Renamed');
    t.clock.advance(DRAFT_MAX_AGE_MS);
    expect((await log(alice, e.id, 15, 'old-3')).json().userName).toBe('Alice Renamed');
    expect(read).toHaveBeenCalledTimes(2);
  });
});

// Concurrent optimistic postings share statements (effort/effort.writer.ts): one statement in flight, the
// postings that arrive meanwhile go together into the next, at most one per contract.
describe('group commit of optimistic postings', () => {
  /** The size of each statement's batch, in order; the first statement is held a moment, as a slow commit would, so that the others queue behind it. */
  function watchBatches() {
    const sizes: number[] = [];
    const many = optimisticRepo.appendConsumedMany.bind(optimisticRepo);
    const slowFirst: typeof many = async (ex, ws) => {
      if (sizes.length === 1) await new Promise((r) => setTimeout(r, 200));
      return many(ex, ws);
    };
    const contracts: string[][] = [];
    const spy = vi.spyOn(optimisticRepo, 'appendConsumedMany').mockImplementation(async (ex, ws) => {
      sizes.push(ws.length);
      contracts.push(ws.map((w) => w.entry.contract_id));
      return slowFirst(ex, ws);
    });
    return { sizes, contracts, spy, many: slowFirst };
  }

  it('writes postings that arrive while a statement runs together in the next one', async () => {
    const es = [await engagement(), await engagement(), await engagement(), await engagement()];
    const { sizes } = watchBatches();
    const locking = vi.spyOn(t.core.services.ledger, 'consume');
    const rs = await Promise.all(es.map((e, i) => log(alice, e.id, 15, `together-${i}`)));
    expect(rs.map((r) => [r.statusCode, r.json().billingStatus])).toEqual(es.map(() => [201, 'consumed']));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(4);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(locking).not.toHaveBeenCalled();
    for (const e of es) expect(await state(e.id)).toMatchObject({ entries: 1, consumed: 15, consumes: 1, audits: 1 });
  });

  it('keeps postings on one contract in separate statements: each is drafted again on the head the one before left', async () => {
    const other = await engagement();
    const e1 = await engagement();
    const e2 = await makeEngagement(t, {
      team: [{ userId: alice.id, role: 'lead' }],
      estimate: 600,
      contract: e1.contract,
    });
    const e3 = await makeEngagement(t, {
      team: [{ userId: alice.id, role: 'lead' }],
      estimate: 600,
      contract: e1.contract,
    });
    const { contracts } = watchBatches();
    const locking = vi.spyOn(t.core.services.ledger, 'consume');
    const rs = await Promise.all([
      log(alice, other.id, 15, 'apart-0'),
      log(alice, e1.id, 15, 'apart-1'),
      log(alice, e2.id, 30, 'apart-2'),
      log(alice, e3.id, 45, 'apart-3'),
    ]);
    expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    for (const batch of contracts) expect(new Set(batch).size).toBe(batch.length);
    expect(contracts.flat().filter((c) => c === e1.contract.id)).toHaveLength(3); // no posting needed a second try at the statement
    expect(locking).not.toHaveBeenCalled();
    const doc = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${e1.contract.id}/ledger/export`)).json();
    expect(verifyLedgerExport(doc)).toMatchObject({ ok: true });
    expect(
      doc.entries
        .filter((x: { kind: string }) => x.kind === 'consume')
        .map((x: { amount: number }) => x.amount)
        .sort(),
    ).toEqual([15, 30, 45]);
    expect((await replayedBalance(t, e1.contract.id)).balance).toBe(
      (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${e1.contract.id}/balance`)).json().balance.amount,
    );
  });

  // A statement that fails as a whole wrote nothing: a taken key (PostgreSQL's unique violation) or any error (a deadlock, say).
  const failures = {
    'a taken key': async (): Promise<'duplicate'> => 'duplicate',
    'an error (a deadlock)': async (): Promise<never> => {
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    },
  };
  it.each(Object.keys(failures) as (keyof typeof failures)[])(
    "writes a statement's postings one by one when %s failed it, and loses none",
    async (failure) => {
      const es = [await engagement(), await engagement(), await engagement()];
      const { sizes, spy, many } = watchBatches();
      let failed = false;
      spy.mockImplementation(async (ex, ws) => {
        sizes.push(ws.length);
        if (ws.length > 1 && !failed) return ((failed = true), failures[failure]());
        return many(ex, ws);
      });
      const rs = await Promise.all(es.map((e, i) => log(alice, e.id, 15, `split-${failure}-${i}`)));
      expect(rs.map((r) => [r.statusCode, r.json().billingStatus])).toEqual(es.map(() => [201, 'consumed']));
      expect(failed).toBe(true);
      const split = sizes.indexOf(Math.max(...sizes));
      expect(sizes.slice(split + 1, split + 1 + sizes[split]!)).toEqual(Array(sizes[split]).fill(1));
      for (const e of es) expect(await state(e.id)).toMatchObject({ entries: 1, consumed: 15, consumes: 1, audits: 1 });
    },
  );
});
