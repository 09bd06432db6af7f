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
function figuresOf(contractId: string, ledger: LedgerWithDaily, today: string): Omit<Balance, 'asOf'> {
  const window = burnWindow(today, ledger.term_start);
  const consumedInWindow = ledger.daily.reduce(
    (sum, daily) => (daily.day >= window.from ? sum + daily.consumed : sum),
    0,
  );
  const sums = totalsOf(ledger);
  const inUnit = (amount: number) => quantity(amount, ledger.unit);
  const balance = balanceOf(sums);
  return {
    contractId,
    contractNumber: ledger.number,
    status: ledger.status,
    unit: ledger.unit,
    granted: inUnit(sums.granted),
    toppedUp: inUnit(sums.toppedUp),
    rolledOverIn: inUnit(sums.rolledOverIn),
    adjusted: inUnit(sums.adjusted),
    consumed: inUnit(sums.consumed),
    minimumTrueUps: inUnit(sums.minimumTrueUps),
    expired: inUnit(sums.expired),
    rolledOverOut: inUnit(sums.rolledOverOut),
    balance: inUnit(balance),
    reserved: inUnit(sums.reserved),
    available: inUnit(availableOf(sums)),
    burnRatePerMonth: inUnit(burnRatePerMonth(consumedInWindow, window.days)),
    percentConsumed: percentConsumed(sums),
    termStart: ledger.term_start,
    termEnd: ledger.term_end,
    daysLeft: daysLeft(ledger.term_end, today),
    forecastDepletionDate:
      ledger.status === 'active' ? forecastDepletionDate(today, balance, consumedInWindow, window.days) : null,
    entries: ledger.last_seq,
    headHash: ledger.last_hash,
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
  const { ledger, asOf } = (await balances.get(contractId, load))!;
  await assertCustomerAccess(
    db.kysely,
    ctx.actor,
    { id: ledger.customer_id, organization_id: ledger.organization_id, contractId },
    'read',
    `Contract ${contractId}`,
  );
  const today = localDate(now, ledger.time_zone);
  let figures = balanceFigures.get(ledger);
  if (figures?.today !== today)
    balanceFigures.set(ledger, (figures = { today, balance: figuresOf(contractId, ledger, today) }));
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
  options: { lock?: boolean } = {},
): Promise<LedgerTotals & { balance: number; available: number }> {
  const sums = totalsOf(await loadLedger(deps, ex, contractId, options.lock ?? false));
  return { ...sums, balance: balanceOf(sums), available: availableOf(sums) };
}
