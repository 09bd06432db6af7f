import type { Executor } from '../../db/create-db.ts';
import type { Balance } from '../../shared/contracts/ledger.ts';
import { localDate } from '../../shared/dates.ts';
import { quantity } from '../../shared/units.ts';
import type { Ctx } from '../context.ts';
import { assertCustomerAccess } from '../contracts/contracts.access.ts';
import type { LedgerWithDaily } from './balance-cache.ts';
import type { LedgerDeps } from './ledger.deps.ts';
import { ledgerRepo, totalsOf } from './ledger.repo.ts';
import {
  availableOf,
  balanceOf,
  burnRatePerMonth,
  burnWindow,
  burnWindowSince,
  daysLeft,
  forecastDepletionDate,
  percentConsumed,
  type LedgerTotals,
} from './ledger.rules.ts';
import { loadLedger } from './post.ts';

/** A balance's figures on a day, from its ledger head (pure: the same head and day give the same figures). */
function figuresOf(contractId: string, l: LedgerWithDaily, today: string): Omit<Balance, 'asOf'> {
  const window = burnWindow(today, l.term_start);
  const consumedInWindow = l.daily.reduce((n, d) => (d.day >= window.from ? n + d.consumed : n), 0);
  const t = totalsOf(l);
  const q = (n: number) => quantity(n, l.unit);
  const balance = balanceOf(t);
  return {
    contractId,
    contractNumber: l.number,
    status: l.status,
    unit: l.unit,
    granted: q(t.granted),
    toppedUp: q(t.toppedUp),
    rolledOverIn: q(t.rolledOverIn),
    adjusted: q(t.adjusted),
    consumed: q(t.consumed),
    minimumTrueUps: q(t.minimumTrueUps),
    expired: q(t.expired),
    rolledOverOut: q(t.rolledOverOut),
    balance: q(balance),
    reserved: q(t.reserved),
    available: q(availableOf(t)),
    burnRatePerMonth: q(burnRatePerMonth(consumedInWindow, window.days)),
    percentConsumed: percentConsumed(t),
    termStart: l.term_start,
    termEnd: l.term_end,
    daysLeft: daysLeft(l.term_end, today),
    forecastDepletionDate:
      l.status === 'active' ? forecastDepletionDate(today, balance, consumedInWindow, window.days) : null,
    entries: l.last_seq,
    headHash: l.last_hash,
  };
}

/** The figures of a cached head, per day: a head served from memory is read many times a day. */
const balanceFigures = new WeakMap<LedgerWithDaily, { today: string; balance: Omit<Balance, 'asOf'> }>();

/** The balance at any time, from the cached row and ≤ 90 daily sums (one query): independent of the number of entries. */
export async function balance(deps: LedgerDeps, ctx: Ctx, contractId: string): Promise<Balance> {
  const { db, clock, balances } = deps;
  const now = clock.now();
  const since = burnWindowSince(now);
  // A contract inserted without the service gets its (empty) ledger opened here, like every other read.
  const load = async () =>
    (await ledgerRepo.readWithDailyConsumption(db.kysely, contractId, since)) ?? {
      ...(await loadLedger(deps, db.kysely, contractId, false)),
      daily: [],
    };
  const { ledger: l, asOf } = (await balances.get(contractId, load))!;
  await assertCustomerAccess(
    db.kysely,
    ctx.actor,
    { id: l.customer_id, organization_id: l.organization_id, contractId },
    'read',
    `Contract ${contractId}`,
  );
  const today = localDate(now, l.time_zone);
  let figures = balanceFigures.get(l);
  if (figures?.today !== today) balanceFigures.set(l, (figures = { today, balance: figuresOf(contractId, l, today) }));
  return { ...figures.balance, asOf: asOf.toISOString() };
}

/**
 * The cached totals with balance and available, on any executor (approval pages show what a reservation
 * leaves). With `lock`, the balance row stays locked until the caller's transaction ends.
 */
export async function totals(
  deps: LedgerDeps,
  ex: Executor,
  contractId: string,
  o: { lock?: boolean } = {},
): Promise<LedgerTotals & { balance: number; available: number }> {
  const sums = totalsOf(await loadLedger(deps, ex, contractId, o.lock ?? false));
  return { ...sums, balance: balanceOf(sums), available: availableOf(sums) };
}
