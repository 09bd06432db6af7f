import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/create-db.ts';
import { localDate } from '../../shared/dates.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { Balance, LedgerEntry, LedgerExport } from '../../shared/contracts/ledger.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import type { AuditEntry, AuditService } from '../audit/audit.service.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { assertCustomerAccess, type Access } from '../contracts/contracts.access.ts';
import { contractsRepo } from '../contracts/contracts.repo.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { bodyOf, entryHash, HASH_RULE, type ChainedEntry, type EntryBody } from './ledger.chain.ts';
import type { BalanceCache, LedgerWithDaily } from './balance-cache.ts';
import {
  headColumns,
  ledgerRepo,
  totalsOf,
  type ExpectedHead,
  type LedgerEntryRow,
  type LockedLedger,
} from './ledger.repo.ts';
import {
  amountProblem,
  applyEffect,
  availableOf,
  balanceOf,
  burnRatePerMonth,
  burnWindow,
  burnWindowSince,
  consumptionKinds,
  daysLeft,
  effectOf,
  engagementKinds,
  forecastDepletionDate,
  openReservation,
  overdraftCheck,
  percentConsumed,
  thresholdsCrossed,
  type Effect,
  type LedgerTotals,
  type ReservationSums,
} from './ledger.rules.ts';
import { ledgerKinds, type LedgerKind } from './ledger.tables.ts';

/** Ledger pages continue after the last entry's place in its contract's chain (the benchmarks build one). */
export const ledgerPageCursor = cursorOf('int');

export interface LedgerDeps {
  db: Db;
  /** Where balance reads come from (createBalanceCache in servers, noBalanceCache elsewhere). */
  balances: BalanceCache;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
}

/** What a posting answers: the entry (with the balance after it) and whether it is the replay of an earlier request. */
export interface PostingResult {
  contractId: string;
  entry: LedgerEntry;
  replayed: boolean;
  /** Entries the posting caused in the same transaction (an `expire` after a release on an expired contract). */
  followUps: LedgerEntry[];
}

interface Posting {
  kind: LedgerKind;
  amount: number;
  engagementId?: string | null;
  reversesId?: string | null;
  reference?: string | null;
  reason?: string | null;
  idempotencyKey?: string | null | undefined;
}

/** What a new posting will write, once every check has passed. */
interface Draft {
  row: LedgerEntryRow;
  before: LedgerTotals;
  next: ReturnType<typeof applyEffect>;
  effect: Effect;
  alertThresholds: readonly number[];
}

/** Optional fields common to every posting function. */
export interface PostingOptions {
  reference?: string | null;
  /** Unique per contract: the same key with the same request returns the first result; with another, 409. */
  idempotencyKey?: string | null;
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export const rowToBody = (r: LedgerEntryRow): EntryBody => ({
  seq: r.seq,
  id: r.id,
  contractId: r.contract_id,
  kind: r.kind,
  amount: r.amount,
  engagementId: r.engagement_id,
  reversesId: r.reverses_id,
  reference: r.reference,
  reason: r.reason,
  idempotencyKey: r.idempotency_key,
  overage: r.overage,
  balanceAfter: r.balance_after,
  reservedAfter: r.reserved_after,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  prevHash: r.prev_hash,
});

export const toEntryView = (r: LedgerEntryRow, unit: ContractUnit): LedgerEntry => ({
  id: r.id,
  seq: r.seq,
  kind: r.kind,
  amount: quantity(r.amount, unit),
  engagementId: r.engagement_id,
  reversesId: r.reverses_id,
  reference: r.reference,
  reason: r.reason,
  idempotencyKey: r.idempotency_key,
  overage: quantity(r.overage, unit),
  balanceAfter: quantity(r.balance_after, unit),
  reservedAfter: quantity(r.reserved_after, unit),
  availableAfter: quantity(r.balance_after - r.reserved_after, unit),
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  prevHash: r.prev_hash,
  hash: r.hash,
});

type Described = { posting: Posting; request: Record<string, unknown> };

const describeTopUp = (i: { amount: number; reference: string } & PostingOptions): Described => ({
  posting: { kind: 'top_up', amount: i.amount, reference: i.reference, idempotencyKey: i.idempotencyKey },
  request: { op: 'top_up', amount: i.amount, reference: clean(i.reference) },
});

const describeAdjustment = (i: { amount: number; reason: string } & PostingOptions): Described => ({
  posting: {
    kind: 'adjustment',
    amount: i.amount,
    reason: i.reason,
    reference: i.reference ?? null,
    idempotencyKey: i.idempotencyKey,
  },
  request: { op: 'adjustment', amount: i.amount, reason: clean(i.reason), reference: clean(i.reference) },
});

const describeReversal = (i: { entryId: string; reason: string } & PostingOptions): Described => ({
  posting: {
    kind: 'reversal',
    amount: 0,
    reversesId: i.entryId,
    reason: i.reason,
    reference: i.reference ?? null,
    idempotencyKey: i.idempotencyKey,
  },
  request: { op: 'reversal', entryId: i.entryId, reason: clean(i.reason), reference: clean(i.reference) },
});

function assertReason(reason: string, what: string): void {
  if (!clean(reason))
    throw new AppError('VALIDATION_FAILED', `${what} needs a reason.`, {
      errors: [{ path: 'reason', message: 'is required' }],
    });
}

const kindLabels: Record<LedgerKind, string> = {
  grant: 'grants',
  top_up: 'top-ups',
  reserve: 'new reservations',
  release: 'releases',
  consume: 'consumption',
  minimum_true_up: 'minimum true-ups',
  adjustment: 'adjustments',
  reversal: 'reversals',
  expire: 'expiries',
  rollover_out: 'rollovers',
  rollover_in: 'rollovers',
};

function notActive(l: LockedLedger, kind: LedgerKind, hint: string): AppError {
  return new AppError(
    'CONTRACT_NOT_ACTIVE',
    `Contract ${l.number} is ${l.status} (term ${l.term_start} to ${l.term_end}): ${kindLabels[kind]} need an active contract. ${hint}`,
    { contractId: l.contract_id, status: l.status, termStart: l.term_start, termEnd: l.term_end },
  );
}

/** Which contract states accept which postings (domain.md: top-ups need an active contract; approved work may finish after the term). */
function assertPostable(l: LockedLedger, kind: LedgerKind, engagementHasReservation: boolean): void {
  const { status } = l;
  switch (kind) {
    case 'top_up':
      if (status !== 'active')
        throw notActive(
          l,
          kind,
          status === 'draft' ? 'Activate it first.' : 'Renew it and top up the successor contract.',
        );
      return;
    case 'reserve':
      if (status !== 'active')
        throw notActive(
          l,
          kind,
          status === 'draft' ? 'Activate it first.' : 'Move the work to an active contract of the customer.',
        );
      return;
    case 'grant':
    case 'rollover_in':
      if (status !== 'active' && status !== 'draft')
        throw notActive(l, kind, 'Only draft or active contracts receive units.');
      return;
    case 'consume':
    case 'minimum_true_up':
      if (status === 'active') return;
      if ((status === 'expired' || status === 'terminated') && engagementHasReservation) return;
      throw notActive(l, kind, 'After the term only engagements approved during it may still draw down.');
    default:
      return;
  }
}

/** The audit event of a posting made through the API. */
const postingAudit = (contractId: string, organizationId: string | null, e: LedgerEntry): AuditEntry => ({
  action: `ledger.${e.kind}`,
  entityType: 'contract',
  entityId: contractId,
  organizationId,
  after: {
    entryId: e.id,
    seq: e.seq,
    amount: e.amount.amount,
    reference: e.reference,
    reason: e.reason,
    reversesId: e.reversesId,
    balanceAfter: e.balanceAfter.amount,
  },
});

/** Parsed settings per stored settings object: a remembered head drafts many postings against one. */
const parsedSettings = new WeakMap<object, ContractSettings>();
function settingsOf(l: LockedLedger): ContractSettings {
  const stored = l.settings;
  if (typeof stored !== 'object' || stored === null) return ContractSettings.parse(stored);
  let s = parsedSettings.get(stored);
  if (!s) parsedSettings.set(stored, (s = ContractSettings.parse(stored)));
  return s;
}

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

/** The head `l` becomes once `row` (with totals `t`) is appended. */
const headAfter = (l: LockedLedger, row: LedgerEntryRow, t: LedgerTotals): LockedLedger => ({
  ...l,
  ...headColumns(row, t),
});

/** Ledger heads remembered for optimistic appends; far more than the contracts a deployment posts to at once. */
const HEADS_REMEMBERED = 10_000;

export type LedgerService = ReturnType<typeof createLedgerService>;

export function createLedgerService(deps: LedgerDeps) {
  const { db, clock, ids, audit, outbox, balances } = deps;
  /** A contract's ledger changed: its cached balance goes once the current transaction (if any) has ended. */
  const changed = (contractId: string) => db.afterTransaction(() => balances.forget(contractId));

  /** Ledger heads (balance row and contract) as this process last appended them; see appendOptimistically. */
  const heads = new Map<string, LockedLedger>();
  function rememberHead(l: LockedLedger): void {
    const known = heads.get(l.contract_id);
    if (known && known.last_seq >= l.last_seq) return;
    heads.delete(l.contract_id);
    if (heads.size >= HEADS_REMEMBERED) heads.delete(heads.keys().next().value!);
    heads.set(l.contract_id, l);
  }

  function assertAmount(amount: unknown, signed = false): asserts amount is number {
    const problem = amountProblem(amount, { signed });
    if (problem)
      throw new AppError('VALIDATION_FAILED', `The amount ${problem}.`, {
        errors: [{ path: 'amount', message: problem }],
      });
  }

  /** Expiries and rollovers move whole balances: positive integers, not capped per posting. */
  function assertWholePositive(amount: number): void {
    if (Number.isSafeInteger(amount) && amount > 0) return;
    throw new AppError('VALIDATION_FAILED', 'The amount must be a positive integer in ledger units.', {
      errors: [{ path: 'amount', message: 'must be a positive integer' }],
    });
  }

  /** The contract's ledger row (locked, or read), opened on first use for contracts created without this service. */
  async function loadLedger(ex: Executor, contractId: string, lock: boolean): Promise<LockedLedger> {
    const get = () => (lock ? ledgerRepo.lock(ex, contractId) : ledgerRepo.read(ex, contractId));
    const l =
      (await get()) ?? ((await ledgerRepo.ensureBalance(ex, contractId, clock.now())) ? await get() : undefined);
    if (!l) throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
    return l;
  }

  const lockLedger = (trx: Executor, contractId: string) => loadLedger(trx, contractId, true);

  /** Alerts once per threshold crossing, to statement contacts and the account team, in the posting's transaction. */
  async function notifyThresholds(
    trx: Executor,
    l: LockedLedger,
    crossed: number[],
    after: LedgerTotals,
    seq: number,
  ): Promise<void> {
    const to = await contractsRepo.statementRecipients(trx, l.customer_id);
    if (to.length === 0) return;
    const unit = l.unit;
    const url = `${deps.publicUrl}/contracts/${encodeURIComponent(l.contract_id)}`;
    for (const threshold of crossed) {
      const content = renderEmail({
        heading: `Retainer ${l.number}: ${threshold} % consumed`,
        paragraphs: [
          `${l.customer_name}'s retainer ${l.number} has now consumed ${percentConsumed(after)} % of its units, crossing the ${threshold} % alert threshold.`,
          threshold >= 100
            ? 'Nothing is left to draw on: new work needs a top-up. Contact your account manager.'
            : 'If you expect more work before the term ends, talk to your account manager about a top-up.',
        ],
        facts: [
          ['Balance', quantity(balanceOf(after), unit).display],
          ['Reserved for approved work', quantity(after.reserved, unit).display],
          ['Available', quantity(availableOf(after), unit).display],
          ['Term ends', l.term_end],
        ],
        action: { label: 'See the balance', url },
      });
      await outbox.enqueueEmail(trx, {
        topic: 'ledger.threshold_crossed',
        dedupeKey: `ledger-threshold:${l.contract_id}:${threshold}:${seq}`,
        to,
        subject: `Retainer ${l.number}: ${threshold} % consumed`,
        ...content,
      });
    }
  }

  /**
   * Checks a new posting against the locked ledger (state, reversal target, overdraft policy) and builds
   * its chained entry; throws the refusal, having written nothing.
   */
  async function draftEntry(
    trx: Executor,
    ctx: Ctx,
    l: LockedLedger,
    p: Posting,
    key: string | null,
    requestHash: string | null,
    known?: { reservation: ReservationSums | null },
  ): Promise<Draft> {
    const contractId = l.contract_id;
    let reversed: LedgerEntryRow | undefined;
    if (p.kind === 'reversal') {
      reversed = p.reversesId ? await ledgerRepo.entry(trx, p.reversesId) : undefined;
      if (!reversed || reversed.contract_id !== contractId)
        throw new AppError('NOT_FOUND', `Ledger entry ${p.reversesId} not found on contract ${l.number}.`);
      if (reversed.kind === 'reversal' || reversed.kind === 'rollover_in' || reversed.kind === 'rollover_out') {
        throw new AppError(
          'BUSINESS_RULE',
          `A ${reversed.kind} entry cannot be reversed: post an adjustment with a reason instead.`,
        );
      }
      if (await ledgerRepo.isReversed(trx, reversed.id))
        throw new AppError('CONFLICT', `Ledger entry ${reversed.id} is already reversed.`);
    }
    const entryShape = {
      kind: p.kind,
      amount: reversed ? reversed.amount : p.amount,
      engagementId: p.engagementId ?? null,
    };
    const effect = effectOf(
      entryShape,
      reversed && { kind: reversed.kind, amount: reversed.amount, engagementId: reversed.engagement_id },
    );
    const reservation =
      !effect.engagementId || !engagementKinds.includes(effect.kind)
        ? null
        : known
          ? known.reservation
          : await ledgerRepo.reservation(trx, contractId, effect.engagementId);
    assertPostable(l, p.kind, reservation !== null && reservation.reserved > 0);

    const before = totalsOf(l);
    if ((p.kind === 'expire' || p.kind === 'rollover_out') && effect.amount > Math.max(0, availableOf(before))) {
      throw new AppError(
        'BUSINESS_RULE',
        `Only ${quantity(Math.max(0, availableOf(before)), l.unit).display} of contract ${l.number} is available to ${p.kind === 'expire' ? 'expire' : 'roll over'}.`,
      );
    }
    const next = applyEffect(before, reservation, effect);
    const settings = settingsOf(l);
    const check = overdraftCheck(before, next.totals, settings.overdraftPolicy);
    if (!check.ok) {
      const needed = quantity(check.shortfall, l.unit).display;
      throw new AppError(
        'BALANCE_INSUFFICIENT',
        `Contract ${l.number} has ${quantity(check.available, l.unit).display} available; this ${p.kind.replace(/_/g, ' ')} needs ${needed} more than its overdraft policy (${settings.overdraftPolicy.mode}) allows. Ask the account manager to top up at least ${needed}, or release unused reservations.`,
        {
          shortfall: quantity(check.shortfall, l.unit),
          available: quantity(check.available, l.unit),
          overdraftPolicy: settings.overdraftPolicy,
        },
      );
    }

    const now = clock.now();
    const body: EntryBody = {
      seq: l.last_seq + 1,
      id: ids.next('led'),
      contractId,
      kind: p.kind,
      amount: entryShape.amount,
      engagementId: effect.engagementId,
      reversesId: reversed?.id ?? null,
      reference: clean(p.reference),
      reason: clean(p.reason),
      idempotencyKey: key,
      overage: check.overage,
      balanceAfter: balanceOf(next.totals),
      reservedAfter: next.totals.reserved,
      createdBy: actorLabel(ctx.actor),
      createdAt: now.toISOString(),
      prevHash: l.last_hash,
    };
    const row: LedgerEntryRow = {
      id: body.id,
      contract_id: contractId,
      seq: body.seq,
      kind: body.kind,
      amount: body.amount,
      engagement_id: body.engagementId,
      reverses_id: body.reversesId,
      reference: body.reference,
      reason: body.reason,
      idempotency_key: key,
      request_hash: requestHash,
      overage: body.overage,
      balance_after: body.balanceAfter,
      reserved_after: body.reservedAfter,
      actor_type: ctx.actor.type,
      actor_id:
        ctx.actor.type === 'user' ? ctx.actor.userId : ctx.actor.type === 'contact' ? ctx.actor.contactId : null,
      created_by: body.createdBy,
      created_at: now,
      prev_hash: body.prevHash,
      hash: entryHash(body),
    };
    return { row, before, next, effect, alertThresholds: settings.alertThresholds };
  }

  /**
   * Posts one entry on the caller's transaction: locks the contract's balance row (postings on one
   * contract are serialised), checks the state and the overdraft policy, appends the chained entry and
   * updates the cached totals; a known idempotency key answers with its first result. Throws before
   * writing anything when refused.
   *
   * The key is looked up only when the posting is not appended as new: when it is refused (a replay is
   * answered before any refusal, as if the key had been looked up first) or when the unique key index
   * already holds it. A new posting thus costs no lookup, and its entry and cached totals are written in
   * one statement (the lock is held for two round trips fewer).
   */
  async function post(
    trx: Executor,
    ctx: Ctx,
    contractId: string,
    p: Posting,
    o: { request: Record<string, unknown>; authorize?: (l: LockedLedger) => Promise<void> },
  ): Promise<PostingResult> {
    const l = await lockLedger(trx, contractId);
    if (o.authorize) await o.authorize(l);
    const key = clean(p.idempotencyKey);
    const requestHash = key ? sha256(canonicalize(o.request) ?? '') : null;
    const replay = async (): Promise<PostingResult | null> => {
      const prior = key ? await ledgerRepo.entryByKey(trx, contractId, key) : undefined;
      if (!prior) return null;
      if (prior.request_hash !== requestHash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `The Idempotency-Key "${key}" was used on contract ${l.number} for another request. Use a new key for a new posting.`,
          { idempotencyKey: key, entryId: prior.id },
        );
      }
      return { contractId, entry: toEntryView(prior, l.unit), replayed: true, followUps: [] };
    };

    let d: Draft;
    try {
      d = await draftEntry(trx, ctx, l, p, key, requestHash);
    } catch (e) {
      // A refusal (AppError) comes from a check, never from a failed statement: the transaction is intact.
      const replayed = key && e instanceof AppError ? await replay() : null;
      if (replayed) return replayed;
      throw e;
    }
    const { row, before, next, effect } = d;
    if (!(await ledgerRepo.append(trx, row, next.totals))) {
      const replayed = await replay();
      if (!replayed)
        throw new Error(`ledger entry ${row.id} was neither appended nor a replay of key ${key ?? '(none)'}`);
      return replayed;
    }
    changed(contractId);
    if (next.reservation && effect.engagementId)
      await ledgerRepo.saveReservation(trx, contractId, effect.engagementId, next.reservation);
    if (consumptionKinds.includes(effect.kind))
      await ledgerRepo.addDailyConsumption(
        trx,
        contractId,
        localDate(row.created_at, l.time_zone),
        effect.sign * effect.amount,
      );
    const crossed = thresholdsCrossed(before, next.totals, d.alertThresholds);
    if (crossed.length) await notifyThresholds(trx, l, crossed, next.totals, row.seq);
    return { contractId, entry: toEntryView(row, l.unit), replayed: false, followUps: [] };
  }

  /** Loads a contract's ledger for a reader or a manager; another tenant's is NOT_FOUND. */
  async function ledgerFor(ex: Executor, ctx: Ctx, contractId: string, access: Access): Promise<LockedLedger> {
    const l = await loadLedger(ex, contractId, false);
    await assertCustomerAccess(
      ex,
      ctx.actor,
      { id: l.customer_id, organization_id: l.organization_id },
      access,
      `Contract ${contractId}`,
    );
    return l;
  }

  const posting = {
    /** Posts the contract's initial `grant` (at creation; draft or active contracts). */
    async postGrant(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; amount: number } & PostingOptions,
    ): Promise<PostingResult> {
      assertAmount(i.amount);
      return post(
        trx,
        ctx,
        i.contractId,
        { kind: 'grant', amount: i.amount, reference: i.reference ?? null, idempotencyKey: i.idempotencyKey },
        { request: { op: 'grant', amount: i.amount, reference: clean(i.reference) } },
      );
    },

    /** Posts a `top_up` (units bought, with a reference such as a PO number); the contract must be active. */
    async postTopUp(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; amount: number; reference: string } & PostingOptions,
    ): Promise<PostingResult> {
      assertAmount(i.amount);
      const d = describeTopUp(i);
      return post(trx, ctx, i.contractId, d.posting, { request: d.request });
    },

    /** Posts a signed `adjustment` with a reason (a correction; a debit obeys the overdraft policy). */
    async postAdjustment(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; amount: number; reason: string } & PostingOptions,
    ): Promise<PostingResult> {
      assertAmount(i.amount, true);
      assertReason(i.reason, 'An adjustment');
      const d = describeAdjustment(i);
      return post(trx, ctx, i.contractId, d.posting, { request: d.request });
    },

    /** Reserves an engagement's approved estimate (`reserve`, active contracts; refused beyond the overdraft policy). */
    async reserve(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; engagementId: string; amount: number } & PostingOptions,
    ): Promise<PostingResult> {
      assertAmount(i.amount);
      return post(
        trx,
        ctx,
        i.contractId,
        {
          kind: 'reserve',
          amount: i.amount,
          engagementId: i.engagementId,
          reference: i.reference ?? null,
          idempotencyKey: i.idempotencyKey,
        },
        { request: { op: 'reserve', amount: i.amount, engagementId: i.engagementId, reference: clean(i.reference) } },
      );
    },

    /**
     * Releases part (`amount`) or the rest (`'rest'`) of an engagement's open reservation. Null when
     * `'rest'` finds nothing open. On an expired contract the freed units expire at once (a follow-up entry).
     */
    async release(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; engagementId: string; amount: number | 'rest' } & PostingOptions,
    ): Promise<PostingResult | null> {
      if (i.amount !== 'rest') assertAmount(i.amount);
      const request = { op: 'release', amount: i.amount, engagementId: i.engagementId, reference: clean(i.reference) };
      const key = clean(i.idempotencyKey);
      await lockLedger(trx, i.contractId);
      const prior = key ? await ledgerRepo.entryByKey(trx, i.contractId, key) : undefined;
      const open = openReservation(
        (await ledgerRepo.reservation(trx, i.contractId, i.engagementId)) ?? {
          reserved: 0,
          released: 0,
          consumed: 0,
          minimumTrueUps: 0,
        },
      );
      if (!prior) {
        if (i.amount === 'rest' && open === 0) return null;
        if (i.amount !== 'rest' && i.amount > open) {
          throw new AppError(
            'BUSINESS_RULE',
            `Engagement ${i.engagementId} has ${open} ledger units reserved on this contract; release at most that.`,
            { open },
          );
        }
      }
      const amount = prior ? prior.amount : i.amount === 'rest' ? open : i.amount;
      const result = await post(
        trx,
        ctx,
        i.contractId,
        { kind: 'release', amount, engagementId: i.engagementId, reference: i.reference ?? null, idempotencyKey: key },
        { request },
      );
      if (result.replayed) return result;
      const l = await lockLedger(trx, i.contractId);
      const lapse = Math.min(amount, Math.max(0, availableOf(totalsOf(l))));
      if (l.status === 'expired' && lapse > 0) {
        const expired = await post(
          trx,
          ctx,
          i.contractId,
          {
            kind: 'expire',
            amount: lapse,
            reason: 'released after the term ended',
            idempotencyKey: key ? `${key}:expire` : null,
          },
          { request: { op: 'expire', amount: lapse, release: result.entry.id } },
        );
        result.followUps.push(expired.entry);
      }
      return result;
    },

    /** Consumes approved work of an engagement (its own reservation first, then the available balance within the policy). */
    async consume(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; engagementId: string; amount: number } & PostingOptions,
    ): Promise<PostingResult> {
      assertAmount(i.amount);
      return post(
        trx,
        ctx,
        i.contractId,
        {
          kind: 'consume',
          amount: i.amount,
          engagementId: i.engagementId,
          reference: i.reference ?? null,
          idempotencyKey: i.idempotencyKey,
        },
        { request: { op: 'consume', amount: i.amount, engagementId: i.engagementId, reference: clean(i.reference) } },
      );
    },

    /** Posts the `minimum_true_up` of a closing engagement whose consumption stayed below its minimum billable effort. */
    async minimumTrueUp(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; engagementId: string; amount: number } & PostingOptions,
    ): Promise<PostingResult> {
      assertAmount(i.amount);
      return post(
        trx,
        ctx,
        i.contractId,
        {
          kind: 'minimum_true_up',
          amount: i.amount,
          engagementId: i.engagementId,
          reference: i.reference ?? null,
          idempotencyKey: i.idempotencyKey,
        },
        {
          request: {
            op: 'minimum_true_up',
            amount: i.amount,
            engagementId: i.engagementId,
            reference: clean(i.reference),
          },
        },
      );
    },

    /** Reverses one earlier entry (not a reversal or rollover, at most once) with a reason; it counts as that entry's negation. */
    async postReversal(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; entryId: string; reason: string } & PostingOptions,
    ): Promise<PostingResult> {
      assertReason(i.reason, 'A reversal');
      const d = describeReversal(i);
      return post(trx, ctx, i.contractId, d.posting, { request: d.request });
    },

    /** Posts an `expire` of available units (term end, late releases); never more than is available. */
    async expire(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; amount: number; reason?: string } & PostingOptions,
    ): Promise<PostingResult> {
      assertWholePositive(i.amount);
      return post(
        trx,
        ctx,
        i.contractId,
        {
          kind: 'expire',
          amount: i.amount,
          reason: i.reason ?? 'term ended',
          reference: i.reference ?? null,
          idempotencyKey: i.idempotencyKey,
        },
        { request: { op: 'expire', amount: i.amount } },
      );
    },

    /** Carries `amount` of available units to the successor: `rollover_out` here, `rollover_in` there (lock order: predecessor first). */
    async rollover(
      trx: Executor,
      ctx: Ctx,
      i: { fromContractId: string; toContractId: string; amount: number } & PostingOptions,
    ): Promise<{ out: PostingResult; in: PostingResult }> {
      assertWholePositive(i.amount);
      const key = clean(i.idempotencyKey);
      const out = await post(
        trx,
        ctx,
        i.fromContractId,
        {
          kind: 'rollover_out',
          amount: i.amount,
          reference: i.toContractId,
          reason: 'rolled over to the successor contract',
          idempotencyKey: key,
        },
        { request: { op: 'rollover_out', amount: i.amount, to: i.toContractId } },
      );
      const into = await post(
        trx,
        ctx,
        i.toContractId,
        {
          kind: 'rollover_in',
          amount: i.amount,
          reference: i.fromContractId,
          reason: 'rolled over from the predecessor contract',
          idempotencyKey: key,
        },
        { request: { op: 'rollover_in', amount: i.amount, from: i.fromContractId } },
      );
      return { out, in: into };
    },
  };

  return {
    ...posting,

    /**
     * For a caller's optimistic write (effort's, see effortRepo.appendConsumedMany): a `consume` drafted
     * against a ledger head and reservation read outside any lock, with what the statement needs to append it
     * only while the head is unchanged. Null when the locking path must decide: any refusal (it is then made
     * under the lock) or a posting with notices due (alert thresholds).
     */
    async draftConsume(
      ctx: Ctx,
      l: LockedLedger,
      reservation: ReservationSums | null,
      i: { engagementId: string; amount: number; reference: string },
    ): Promise<{
      entry: LedgerEntryRow;
      totals: LedgerTotals;
      reservation: ReservationSums;
      expected: ExpectedHead;
      day: string;
      head: LockedLedger;
    } | null> {
      let d: Draft;
      try {
        d = await draftEntry(
          db.kysely,
          ctx,
          l,
          { kind: 'consume', amount: i.amount, engagementId: i.engagementId, reference: i.reference },
          null,
          null,
          { reservation },
        );
      } catch (e) {
        if (e instanceof AppError) return null;
        throw e;
      }
      if (!d.next.reservation || thresholdsCrossed(d.before, d.next.totals, d.alertThresholds).length) return null;
      return {
        entry: d.row,
        totals: d.next.totals,
        reservation: d.next.reservation,
        expected: { seq: l.last_seq, status: l.status, settings: l.settings },
        day: localDate(d.row.created_at, l.time_zone),
        head: headAfter(l, d.row, d.next.totals),
      };
    },

    /**
     * The contract changed outside this service's postings (edits, status changes): its cached balance goes
     * once the current transaction has ended, and the next optimistic draft reads its head.
     */
    forgetContract(contractId: string): void {
      changed(contractId);
      heads.delete(contractId);
    },

    /** The head this process last appended on the contract optimistically (top-ups, effort), if it remembers one. */
    rememberedHead: (contractId: string): LockedLedger | undefined => heads.get(contractId),

    /** A caller's optimistic statement appended `head` (draftConsume's): remembered for the next draft, the cached balance dropped. */
    appendedHead(head: LockedLedger): void {
      changed(head.contract_id);
      rememberHead(head);
    },

    /** A caller's optimistic statement found the contract's head moved: the next draft reads it. */
    forgetHead: (contractId: string): void => void heads.delete(contractId),

    /** Change orders: a positive delta reserves more, a negative one releases (within the open reservation). */
    async adjustReservation(
      trx: Executor,
      ctx: Ctx,
      i: { contractId: string; engagementId: string; delta: number } & PostingOptions,
    ): Promise<PostingResult | null> {
      assertAmount(i.delta, true);
      const { delta, ...rest } = i;
      return delta > 0
        ? posting.reserve(trx, ctx, { ...rest, amount: delta })
        : posting.release(trx, ctx, { ...rest, amount: -delta });
    },

    /** An engagement's open reservation on a contract (reserve − release − consume − minimum true-up, at least 0). */
    async openReservation(ex: Executor, contractId: string, engagementId: string): Promise<number> {
      const r = await ledgerRepo.reservation(ex, contractId, engagementId);
      return r ? openReservation(r) : 0;
    },

    /**
     * The cached totals with balance and available, on any executor (approval pages show what a reservation
     * leaves). With `lock`, the balance row stays locked until the caller's transaction ends.
     */
    async totals(
      ex: Executor,
      contractId: string,
      o: { lock?: boolean } = {},
    ): Promise<LedgerTotals & { balance: number; available: number }> {
      const t = totalsOf(await loadLedger(ex, contractId, o.lock ?? false));
      return { ...t, balance: balanceOf(t), available: availableOf(t) };
    },

    /** Opens a new contract's ledger (its cached balance row) on the caller's transaction. */
    async open(trx: Executor, contractId: string): Promise<void> {
      await ledgerRepo.insertBalance(trx, contractId, clock.now());
    },

    /** Top-up through the API: admins and the customer's account managers, active contracts only, idempotent by key. */
    async topUp(
      ctx: Ctx,
      contractId: string,
      input: { amount: number; reference: string },
      idempotencyKey?: string,
    ): Promise<PostingResult> {
      assertAmount(input.amount);
      const d = describeTopUp({ ...input, idempotencyKey: idempotencyKey ?? null });
      return (await appendOptimistically(ctx, contractId, 'manage', d)) ?? postViaApi(ctx, contractId, 'manage', d);
    },

    /** Adjustment through the API: admins only; positive or negative, with a reason. */
    async adjust(
      ctx: Ctx,
      contractId: string,
      input: { amount: number; reason: string },
      idempotencyKey?: string,
    ): Promise<PostingResult> {
      assertAmount(input.amount, true);
      assertReason(input.reason, 'An adjustment');
      return postViaApi(
        ctx,
        contractId,
        'admin',
        describeAdjustment({ ...input, idempotencyKey: idempotencyKey ?? null }),
      );
    },

    /** Reversal through the API: admins only, with a reason. */
    async reverse(
      ctx: Ctx,
      contractId: string,
      input: { entryId: string; reason: string },
      idempotencyKey?: string,
    ): Promise<PostingResult> {
      assertReason(input.reason, 'A reversal');
      return postViaApi(
        ctx,
        contractId,
        'admin',
        describeReversal({ ...input, idempotencyKey: idempotencyKey ?? null }),
      );
    },

    /** The balance at any time, from the cached row and ≤ 90 daily sums (one query): independent of the number of entries. */
    async balance(ctx: Ctx, contractId: string): Promise<Balance> {
      const now = clock.now();
      const since = burnWindowSince(now);
      // A contract inserted without the service gets its (empty) ledger opened here, like every other read.
      const load = async () =>
        (await ledgerRepo.readWithDailyConsumption(db.kysely, contractId, since)) ?? {
          ...(await loadLedger(db.kysely, contractId, false)),
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
      if (figures?.today !== today)
        balanceFigures.set(l, (figures = { today, balance: figuresOf(contractId, l, today) }));
      return { ...figures.balance, asOf: asOf.toISOString() };
    },

    /** Ledger entries in chain order, filtered by kind and by days (customer time zone), cursor-paginated (or all, for CSV). */
    async entries(
      ctx: Ctx,
      contractId: string,
      f: { kind?: string; from?: string; to?: string; cursor?: string; limit?: number; all?: boolean },
    ): Promise<Page<LedgerEntry> & { unit: ContractUnit; contractNumber: string }> {
      const l = await ledgerFor(db.kysely, ctx, contractId, 'read');
      const kinds = f.kind ? f.kind.split(',').map((k) => k.trim()) : undefined;
      const unknown = kinds?.filter((k) => !(ledgerKinds as readonly string[]).includes(k)) ?? [];
      if (unknown.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Unknown ledger kind ${unknown.join(', ')}: use ${ledgerKinds.join(', ')}.`,
          { errors: [{ path: 'querystring.kind', message: `unknown kind ${unknown.join(', ')}` }] },
        );
      }
      const dayStart = (d: string) => DateTime.fromISO(d, { zone: l.time_zone }).startOf('day').toJSDate();
      const afterSeq = ledgerPageCursor.decode(f.cursor)?.[0];
      const limit = f.limit ?? 50;
      const rows = await ledgerRepo.entries(db.kysely, contractId, {
        ...(kinds ? { kinds: kinds as LedgerKind[] } : {}),
        ...(f.from ? { from: dayStart(f.from) } : {}),
        ...(f.to ? { to: dayStart(DateTime.fromISO(f.to).plus({ days: 1 }).toISODate()!) } : {}),
        ...(afterSeq !== undefined ? { afterSeq } : {}),
        ...(f.all ? {} : { limit: limit + 1 }),
      });
      const page = f.all ? { items: rows, nextCursor: null } : toPage(rows, limit, ledgerPageCursor, (r) => [r.seq]);
      return {
        items: page.items.map((r) => toEntryView(r, l.unit)),
        nextCursor: page.nextCursor,
        unit: l.unit,
        contractNumber: l.number,
      };
    },

    /** The whole chain as a self-verifiable document (see HASH_RULE); `imr ledger verify` checks it offline. */
    async exportLedger(ctx: Ctx, contractId: string): Promise<LedgerExport> {
      const l = await ledgerFor(db.kysely, ctx, contractId, 'read');
      const rows = await ledgerRepo.entries(db.kysely, contractId);
      const entries: ChainedEntry[] = rows.map((r) => ({ ...bodyOf(rowToBody(r)), hash: r.hash }));
      return {
        contractId,
        contractNumber: l.number,
        unit: l.unit,
        exportedAt: clock.now().toISOString(),
        hashRule: HASH_RULE,
        entries,
      };
    },
  };

  /** One API posting = one transaction: authorized on the locked row, audited unless it is a replay. */
  async function postViaApi(ctx: Ctx, contractId: string, access: Access, d: Described): Promise<PostingResult> {
    return db.transaction(async (trx) => {
      let organizationId: string | null = null;
      const r = await post(trx, ctx, contractId, d.posting, {
        request: d.request,
        authorize: async (l) => {
          organizationId = l.organization_id;
          await assertCustomerAccess(
            trx,
            ctx.actor,
            { id: l.customer_id, organization_id: l.organization_id },
            access,
            `Contract ${contractId}`,
          );
        },
      });
      if (!r.replayed) await audit.record(trx, ctx, postingAudit(contractId, organizationId, r.entry));
      return r;
    });
  }

  /**
   * An API posting without a lock or transaction of its own: drafted against the ledger head this process
   * remembers (or reads), written by ledgerRepo.appendIfHead in one statement with its audit event. Null
   * whenever the locking path (postViaApi) must decide instead: a head that moved meanwhile, any refusal
   * (so a replay still answers first), a taken idempotency key, or a posting with more to write
   * (reservations, daily consumption, threshold notices). A stale head thus costs one refused statement,
   * never a wrong entry.
   */
  async function appendOptimistically(
    ctx: Ctx,
    contractId: string,
    access: Access,
    d: Described,
  ): Promise<PostingResult | null> {
    const l = heads.get(contractId) ?? (await ledgerRepo.read(db.kysely, contractId));
    if (!l) return null;
    await assertCustomerAccess(
      db.kysely,
      ctx.actor,
      { id: l.customer_id, organization_id: l.organization_id },
      access,
      `Contract ${contractId}`,
    );
    const key = clean(d.posting.idempotencyKey);
    const requestHash = key ? sha256(canonicalize(d.request) ?? '') : null;
    let draft: Draft;
    try {
      draft = await draftEntry(db.kysely, ctx, l, d.posting, key, requestHash);
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
    const { row, before, next, effect } = draft;
    if (
      next.reservation ||
      consumptionKinds.includes(effect.kind) ||
      thresholdsCrossed(before, next.totals, draft.alertThresholds).length
    )
      return null;
    const entry = toEntryView(row, l.unit);
    const outcome = await ledgerRepo.appendIfHead(
      db.kysely,
      row,
      next.totals,
      { seq: l.last_seq, status: l.status, settings: l.settings },
      audit.row(ctx, postingAudit(contractId, l.organization_id, entry)),
    );
    if (outcome !== 'appended') {
      if (outcome === 'stale') heads.delete(contractId);
      return null;
    }
    changed(contractId);
    rememberHead(headAfter(l, row, next.totals));
    return { contractId, entry, replayed: false, followUps: [] };
  }
}
