import type { StatementFigures } from '../../shared/contracts/statements.ts';
import { localDate } from '../../shared/dates.ts';
import { quantity } from '../../shared/units.ts';
import {
  applyEffect,
  availableOf,
  balanceOf,
  burnRatePerMonth,
  burnWindow,
  daysLeft,
  effectOf,
  emptyTotals,
  forecastDepletionDate,
  type Effect,
  type LedgerTotals,
  type ReservationSums,
} from '../ledger/ledger.rules.ts';
import type { PeriodBounds } from './statements.rules.ts';
import type { StatementCandidate, StatementEntry } from './statements.repo.ts';

/** How a statement names an activity (effort's activities, and consumption without effort behind it). */
export const activityLabel: Record<string, string> = {
  kickoff: 'Kickoff',
  status_meeting: 'Status meetings',
  preparation: 'Preparation',
  analysis: 'Analysis',
  onsite_work: 'On-site work',
  deliverable_preparation: 'Deliverable preparation',
  travel_time: 'Travel time',
  scoping: 'Scoping',
  internal: 'Internal',
  fixed_price: 'Fixed price',
  minimum_true_up: 'Minimum billable true-up',
  other: 'Other',
};

export interface FiguresInput {
  contract: StatementCandidate;
  number: string;
  bounds: PeriodBounds;
  /** The day the figures are as of: the period's last day, or today for a month still running (preview). */
  asOfDay: string;
  /** Every entry of the contract posted before the period's end, in chain order. */
  entries: readonly StatementEntry[];
  engagements: ReadonlyMap<string, { number: string; title: string }>;
  expenses: StatementFigures['expenses'];
}

const movementOf: Record<Effect['kind'], keyof StatementFigures['movements']> = {
  grant: 'granted',
  top_up: 'toppedUp',
  rollover_in: 'rolledOverIn',
  adjustment: 'adjusted',
  consume: 'consumed',
  minimum_true_up: 'minimumTrueUps',
  expire: 'expired',
  rollover_out: 'rolledOverOut',
  reserve: 'reserved',
  release: 'released',
};

const effectOfEntry = (e: StatementEntry): Effect =>
  effectOf(
    { kind: e.kind, amount: e.amount, engagementId: e.engagement_id },
    e.reversed_kind
      ? { kind: e.reversed_kind, amount: e.reversed_amount ?? 0, engagementId: e.reversed_engagement_id }
      : undefined,
  );

const activityOf = (e: StatementEntry, effect: Effect): string =>
  effect.kind === 'minimum_true_up'
    ? 'minimum_true_up'
    : ((e.kind === 'reversal' ? e.reversed_activity : e.activity) ?? (effect.engagementId ? 'fixed_price' : 'other'));

const add = (map: Map<string, number>, key: string, delta: number) => map.set(key, (map.get(key) ?? 0) + delta);

/**
 * A statement's figures from the raw ledger (the ledger's own applyEffect): the totals before the period
 * (opening) and at its end (closing), the movements between, consumption by engagement and activity, the
 * burn over the last 90 days and the forecast. Pure: the same entries give the same statement.
 */
export function computeFigures(input: FiguresInput): StatementFigures {
  const { contract, bounds, asOfDay } = input;
  const zone = contract.time_zone;
  const unit = contract.unit;
  const q = (amount: number) => quantity(amount, unit);
  let totals: LedgerTotals = emptyTotals;
  let opening: LedgerTotals = emptyTotals;
  const reservations = new Map<string, ReservationSums | null>();
  const moved = Object.fromEntries(Object.values(movementOf).map((k) => [k, 0])) as Record<
    keyof StatementFigures['movements'],
    number
  >;
  const byEngagement = new Map<string, number>();
  const byActivity = new Map<string, number>();
  const daily = new Map<string, number>();
  const topUps: StatementFigures['topUps'] = [];
  const consumptionLines: NonNullable<StatementFigures['consumption']> = [];
  const window = burnWindow(asOfDay, contract.term_start);
  let consumedInWindow = 0;
  let inPeriod = 0;
  let head: { seq: number; hash: string | null } = { seq: 0, hash: null };
  for (const e of input.entries) {
    const effect = effectOfEntry(e);
    const key = effect.engagementId ?? '';
    const applied = applyEffect(totals, reservations.get(key) ?? null, effect);
    totals = applied.totals;
    if (effect.engagementId) reservations.set(key, applied.reservation);
    head = { seq: e.seq, hash: e.hash };
    const day = localDate(e.created_at, zone);
    const signed = effect.sign * effect.amount;
    const consumption = effect.kind === 'consume' || effect.kind === 'minimum_true_up';
    if (consumption && day >= window.from && day <= asOfDay) consumedInWindow += signed;
    if (e.created_at.getTime() < bounds.start.getTime()) {
      opening = totals;
      continue;
    }
    inPeriod++;
    moved[movementOf[effect.kind]] += signed;
    if (e.kind === 'top_up') topUps.push({ date: day, reference: e.reference, amount: q(e.amount) });
    if (consumption) {
      const activity = activityOf(e, effect);
      add(byEngagement, key, signed);
      add(byActivity, activity, signed);
      add(daily, day, signed);
      consumptionLines.push({
        posted: day,
        workDate: e.work_date,
        engagementNumber: input.engagements.get(key)?.number ?? '',
        activity,
        label: activityLabel[activity] ?? activity,
        amount: q(signed),
      });
    }
  }
  const figures3 = (t: LedgerTotals) => ({
    balance: q(balanceOf(t)),
    reserved: q(t.reserved),
    available: q(availableOf(t)),
  });
  const closingBalance = balanceOf(totals);
  const ended = asOfDay >= contract.term_end || contract.status !== 'active';
  return {
    number: input.number,
    period: bounds.period,
    periodStart: bounds.firstDay,
    periodEnd: bounds.lastDay,
    timeZone: zone,
    customerName: contract.customer_name,
    contractNumber: contract.number,
    contractStatus: contract.status,
    unit,
    opening: figures3(opening),
    movements: Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, q(v)])) as StatementFigures['movements'],
    topUps,
    consumptionByEngagement: [...byEngagement]
      .filter(([, v]) => v !== 0)
      .map(([id, v]) => ({
        engagementId: id,
        number: input.engagements.get(id)?.number ?? '',
        title: input.engagements.get(id)?.title ?? '',
        consumed: q(v),
      }))
      .sort((a, b) => a.number.localeCompare(b.number)),
    consumptionByActivity: [...byActivity]
      .filter(([, v]) => v !== 0)
      .map(([activity, v]) => ({ activity, label: activityLabel[activity] ?? activity, consumed: q(v) }))
      .sort((a, b) => b.consumed.amount - a.consumed.amount),
    consumption: consumptionLines,
    closing: figures3(totals),
    termStart: contract.term_start,
    termEnd: contract.term_end,
    daysLeft: daysLeft(contract.term_end, asOfDay),
    burnRatePerMonth: q(burnRatePerMonth(consumedInWindow, window.days)),
    forecastDepletionDate: ended ? null : forecastDepletionDate(asOfDay, closingBalance, consumedInWindow, window.days),
    dailyConsumption: [...daily].sort(([a], [b]) => a.localeCompare(b)).map(([date, amount]) => ({ date, amount })),
    expenses: input.expenses,
    ledgerHead: head,
    entriesInPeriod: inPeriod,
  };
}
