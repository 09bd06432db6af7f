import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { guardedRules, keyRule } from '../src/core/ledger/optimistic/guards.repo.ts';
import { optimisticRepo } from '../src/core/ledger/optimistic/optimistic.repo.ts';
import type { ContractSettingsInput } from '../src/shared/contracts/contract-settings.ts';
import { makeContract } from './support/contract-factories.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// Every rule the optimistic effort statement guards (ledger/optimistic/guards.repo.ts) is moved here, once
// between the optimistic read and its write (the statement must refuse to write, and the locking path then
// decides) and once before a request that takes the locking path only. Both must answer alike: the same
// refusal with nothing written, or the same entry.

let t: TestEnv;
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let irm: U, alice: U, bob: U;
const other = systemCtx('another writer');

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:00:00Z' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  bob = await makeUserWithToken(t, { role: 'consultant' });
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const sql = () => t.db.kysely;
const drain = async (e: TestEngagement) => {
  await t.db.transaction(async (trx) => {
    await t.core.services.ledger.release(trx, other, { contractId: e.contract.id, engagementId: e.id, amount: 'rest' });
    await t.core.services.ledger.postAdjustment(trx, other, {
      contractId: e.contract.id,
      amount: -6000,
      reason: 'drained',
    });
  });
};

interface Case {
  name: string;
  /** The guarded rules (guardedRules' names, or keyRule's) the change moves. */
  rules: string[];
  /** 'ok': both paths post the same entry; otherwise the error code both answer. */
  expect: 'ok' | string;
  settings?: ContractSettingsInput;
  /** Who logs (alice for herself by default; an IR manager logs for alice). */
  as?: 'irm';
  /** Before the read (both paths). */
  prepare?: (e: TestEngagement) => Promise<unknown>;
  /** The move: between the read and the write (optimistic), or before the request (locking). */
  change: (e: TestEngagement) => Promise<unknown>;
}

const cases: Case[] = [
  {
    name: 'engagement closed',
    rules: ['engagement status'],
    expect: 'ENGAGEMENT_NOT_OPEN',
    change: (e) => sql().updateTable('engagements').set({ status: 'closed' }).where('id', '=', e.id).execute(),
  },
  {
    name: 'person off the team (she no longer sees it)',
    rules: ['person on the team'],
    expect: 'NOT_FOUND',
    change: (e) =>
      sql().deleteFrom('engagement_team').where('engagement_id', '=', e.id).where('user_id', '=', alice.id).execute(),
  },
  {
    name: 'person off the team (an IR manager logs for her)',
    rules: ['person on the team'],
    expect: 'BUSINESS_RULE',
    as: 'irm',
    change: (e) =>
      sql().deleteFrom('engagement_team').where('engagement_id', '=', e.id).where('user_id', '=', alice.id).execute(),
  },
  {
    name: 'key taken with another body',
    rules: [keyRule.name],
    expect: 'IDEMPOTENCY_KEY_REUSED',
    change: (e) =>
      t.core.services.effort.logEffort(
        { actor: alice.actor, channel: 'api' },
        e.id,
        { date: '2026-11-02', minutes: 15, activity: 'internal' },
        'the-key',
      ),
  },
  {
    name: 'reservation released and balance drained',
    rules: ['engagement reservation', 'ledger head'],
    expect: 'BALANCE_INSUFFICIENT',
    change: drain,
  },
  {
    name: 'overdraft policy tightened on a drained contract',
    rules: ['contract settings'],
    expect: 'BALANCE_INSUFFICIENT',
    settings: { overdraftPolicy: { mode: 'allow_up_to', limit: 600 }, alertThresholds: [] },
    prepare: drain,
    change: (e) =>
      sql()
        .updateTable('contracts')
        .set((eb) => ({
          settings: eb.fn('jsonb_set', [eb.ref('settings'), eb.val('{overdraftPolicy}'), eb.val('{"mode":"block"}')]),
        }))
        .where('id', '=', e.contract.id)
        .execute(),
  },
  {
    name: 'contract back in draft',
    rules: ['contract status'],
    expect: 'CONTRACT_NOT_ACTIVE',
    change: (e) => sql().updateTable('contracts').set({ status: 'draft' }).where('id', '=', e.contract.id).execute(),
  },
  {
    name: 'contract terminated (approved work still draws its reservation)',
    rules: ['contract status'],
    expect: 'ok',
    change: (e) =>
      sql().updateTable('contracts').set({ status: 'terminated' }).where('id', '=', e.contract.id).execute(),
  },
  {
    name: 'customer time zone moved past the approval day',
    rules: ['customer time zone'],
    expect: 'VALIDATION_FAILED',
    change: (e) =>
      sql().updateTable('customers').set({ time_zone: 'Pacific/Kiritimati' }).where('id', '=', e.customerId).execute(),
  },
  {
    name: "engagement's rate card changed (a change order approved with a new card)",
    rules: ['engagement rate card'],
    expect: 'ok',
    change: async (e) => {
      const { rate_card: card } = await sql()
        .selectFrom('engagements')
        .select('rate_card')
        .where('id', '=', e.id)
        .executeTakeFirstOrThrow();
      await sql()
        .updateTable('engagements')
        .set({ rate_card: JSON.stringify({ ...card, unitsPerHour: '2.00' }) })
        .where('id', '=', e.id)
        .execute();
    },
  },
  {
    name: 'engagement holds effort now',
    rules: ['engagement effort sums'],
    expect: 'ok',
    change: (e) => sql().updateTable('engagements').set({ effort_held: 15 }).where('id', '=', e.id).execute(),
  },
  {
    name: 'estimate lowered',
    rules: ['engagement estimate'],
    expect: 'ok',
    change: (e) => sql().updateTable('engagements').set({ estimate: 50 }).where('id', '=', e.id).execute(),
  },
  {
    name: 'another posting moved the ledger head (a top-up)',
    rules: ['ledger head'],
    expect: 'ok',
    change: (e) =>
      t.db.transaction((trx) =>
        t.core.services.ledger.postTopUp(trx, other, { contractId: e.contract.id, amount: 60, reference: 'PO 9' }),
      ),
  },
  {
    name: 'engagement moved to another contract',
    rules: ['engagement on the drafted contract'],
    expect: 'ok',
    change: async (e) => {
      const moved = await makeContract(t, { customerId: e.customerId, initialAmount: 6000 });
      await sql().updateTable('engagements').set({ contract_id: moved.id }).where('id', '=', e.id).execute();
    },
  },
];

async function counts() {
  const count = async (table: 'effort_entries' | 'ledger_entries' | 'outbox') =>
    Number(
      (
        await sql()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = await sql()
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action', 'like', 'effort.%')
    .executeTakeFirstOrThrow();
  return {
    effort: await count('effort_entries'),
    ledger: await count('ledger_entries'),
    outbox: await count('outbox'),
    audits: Number(audits.n),
  };
}
const delta = (a: Awaited<ReturnType<typeof counts>>, b: Awaited<ReturnType<typeof counts>>) => ({
  effort: b.effort - a.effort,
  ledger: b.ledger - a.ledger,
  outbox: b.outbox - a.outbox,
  audits: b.audits - a.audits,
});

/** What each optimistic statement of the request answered ('appended', 'stale', 'duplicate'). */
function watchWrites() {
  const outcomes: string[] = [];
  const many = optimisticRepo.appendConsumedMany.bind(optimisticRepo);
  vi.spyOn(optimisticRepo, 'appendConsumedMany').mockImplementation(async (ex, ws) => {
    const r = await many(ex, ws);
    outcomes.push(...ws.map((_, k) => (r === 'duplicate' ? r : r.has(k) ? 'appended' : 'stale')));
    return r;
  });
  return outcomes;
}

async function run(c: Case, path: 'optimistic' | 'locking') {
  const e = await makeEngagement(t, {
    team: [
      { userId: alice.id, role: 'lead' },
      { userId: bob.id, role: 'analyst' },
    ],
    estimate: 600,
    contractOptions: {
      initialAmount: 6000,
      timeZone: 'America/Chicago',
      unit: 'service_units',
      unitsPerHour: '1.5',
      ...(c.settings ? { settings: c.settings } : {}),
    },
  });
  await c.prepare?.(e);
  let before = await counts();
  if (path === 'optimistic') {
    const read = optimisticRepo.draftContext.bind(optimisticRepo);
    vi.spyOn(optimisticRepo, 'draftContext').mockImplementationOnce(async (...args) => {
      const context = await read(...args);
      await c.change(e);
      before = await counts();
      return context;
    });
  } else {
    await c.change(e);
    before = await counts();
    // no context: the optimistic path steps aside and the locking path decides alone
    vi.spyOn(optimisticRepo, 'draftContext').mockResolvedValue(undefined);
  }
  const writes = watchWrites();
  const r = await call(
    t.app,
    c.as === 'irm' ? irm.auth : alice.auth,
    'POST',
    `/api/v1/engagements/${e.id}/effort`,
    { userId: alice.id, date: '2026-11-02', minutes: 40, activity: 'analysis', note: c.name },
    { 'idempotency-key': 'the-key' },
  );
  vi.restoreAllMocks();
  const body = r.json();
  return {
    writes,
    written: delta(before, await counts()),
    answer:
      r.statusCode === 201
        ? {
            status: 201,
            billingStatus: body.billingStatus,
            units: body.units,
            unitsDrawn: body.unitsDrawn,
            roundedMinutes: body.roundedMinutes,
            warnings: body.warnings.map((w: { code: string }) => w.code),
          }
        : { status: r.statusCode, code: body.code },
  };
}

describe('the optimistic path guards every rule of the locking path', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: both paths answer alike', async (_, c) => {
    const optimistic = await run(c, 'optimistic');
    const locking = await run(c, 'locking');
    // the statement saw the move and wrote nothing; the locking-only run wrote no statement at all
    expect(optimistic.writes[0]).toBe(c.rules.includes(keyRule.name) ? 'duplicate' : 'stale');
    expect(locking.writes).toEqual([]);
    expect(optimistic.answer).toEqual(locking.answer);
    expect(optimistic.written).toEqual(locking.written);
    if (c.expect === 'ok') {
      expect(optimistic.answer.status).toBe(201);
      expect(optimistic.written).toMatchObject({ effort: 1, audits: 1 });
    } else {
      expect(optimistic.answer).toMatchObject({ code: c.expect });
      expect(optimistic.written).toEqual({ effort: 0, ledger: 0, outbox: 0, audits: 0 });
    }
  });

  it('exercises every guarded rule and every refusal it stands for', () => {
    const rules = [...guardedRules.map((r) => r.name), keyRule.name];
    expect(rules.filter((name) => !cases.some((c) => c.rules.includes(name)))).toEqual([]);
    expect(cases.flatMap((c) => c.rules).filter((name) => !rules.includes(name))).toEqual([]);
    for (const rule of [...guardedRules, keyRule]) {
      const answered = cases.filter((c) => c.rules.includes(rule.name)).map((c) => c.expect);
      expect({ rule: rule.name, missing: rule.refusals.filter((code) => !answered.includes(code)) }).toEqual({
        rule: rule.name,
        missing: [],
      });
    }
  });
});
