import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { AppError } from '../../shared/errors.ts';
import { quantity } from '../../shared/units.ts';
import { actorLabel, type Ctx } from '../context.ts';
import type { Executor } from '../../db/create-db.ts';
import type { Draft, LedgerDeps, Posting } from './ledger.deps.ts';
import { clean } from './ledger.input.ts';
import { entryHash, type EntryBody } from './ledger.chain.ts';
import { headColumns, ledgerRepo, totalsOf, type LedgerEntryRow, type LockedLedger } from './ledger.repo.ts';
import {
  applyEffect,
  availableOf,
  balanceOf,
  effectOf,
  engagementKinds,
  overdraftCheck,
  type LedgerTotals,
  type ReservationSums,
} from './ledger.rules.ts';
import type { LedgerKind } from './ledger.tables.ts';

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

function notActive(ledger: LockedLedger, kind: LedgerKind, hint: string): AppError {
  return new AppError(
    'CONTRACT_NOT_ACTIVE',
    `Contract ${ledger.number} is ${ledger.status} (term ${ledger.term_start} to ${ledger.term_end}): ${kindLabels[kind]} need an active contract. ${hint}`,
    { contractId: ledger.contract_id, status: ledger.status, termStart: ledger.term_start, termEnd: ledger.term_end },
  );
}

/** Which contract states accept which postings (domain.md: top-ups need an active contract; approved work may finish after the term). */
function assertPostable(ledger: LockedLedger, kind: LedgerKind, engagementHasReservation: boolean): void {
  const { status } = ledger;
  switch (kind) {
    case 'top_up':
      if (status !== 'active')
        throw notActive(
          ledger,
          kind,
          status === 'draft' ? 'Activate it first.' : 'Renew it and top up the successor contract.',
        );
      return;
    case 'reserve':
      if (status !== 'active')
        throw notActive(
          ledger,
          kind,
          status === 'draft' ? 'Activate it first.' : 'Move the work to an active contract of the customer.',
        );
      return;
    case 'grant':
    case 'rollover_in':
      if (status !== 'active' && status !== 'draft')
        throw notActive(ledger, kind, 'Only draft or active contracts receive units.');
      return;
    case 'consume':
    case 'minimum_true_up':
      if (status === 'active') return;
      if ((status === 'expired' || status === 'terminated') && engagementHasReservation) return;
      throw notActive(ledger, kind, 'After the term only engagements approved during it may still draw down.');
    default:
      return;
  }
}

/** Parsed settings per stored settings object: a remembered head drafts many postings against one. */
const parsedSettings = new WeakMap<object, ContractSettings>();
function settingsOf(ledger: LockedLedger): ContractSettings {
  const stored = ledger.settings;
  if (typeof stored !== 'object' || stored === null) return ContractSettings.parse(stored);
  let settings = parsedSettings.get(stored);
  if (!settings) parsedSettings.set(stored, (settings = ContractSettings.parse(stored)));
  return settings;
}

/** The head `ledger` becomes once `row` (with totals `t`) is appended. */
export const headAfter = (ledger: LockedLedger, row: LedgerEntryRow, totals: LedgerTotals): LockedLedger => ({
  ...ledger,
  ...headColumns(row, totals),
});

/**
 * Checks a new posting against the locked ledger (state, reversal target, overdraft policy) and builds
 * its chained entry; throws the refusal, having written nothing.
 */
export async function draftEntry(
  deps: Pick<LedgerDeps, 'clock' | 'ids'>,
  trx: Executor,
  ctx: Ctx,
  ledger: LockedLedger,
  posting: Posting,
  key: string | null,
  requestHash: string | null,
  known?: { reservation: ReservationSums | null },
): Promise<Draft> {
  const contractId = ledger.contract_id;
  let reversed: LedgerEntryRow | undefined;
  if (posting.kind === 'reversal') {
    reversed = posting.reversesId ? await ledgerRepo.entry(trx, posting.reversesId) : undefined;
    if (!reversed || reversed.contract_id !== contractId)
      throw new AppError('NOT_FOUND', `Ledger entry ${posting.reversesId} not found on contract ${ledger.number}.`);
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
    kind: posting.kind,
    amount: reversed ? reversed.amount : posting.amount,
    engagementId: posting.engagementId ?? null,
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
  assertPostable(ledger, posting.kind, reservation !== null && reservation.reserved > 0);

  const before = totalsOf(ledger);
  if (
    (posting.kind === 'expire' || posting.kind === 'rollover_out') &&
    effect.amount > Math.max(0, availableOf(before))
  ) {
    throw new AppError(
      'BUSINESS_RULE',
      `Only ${quantity(Math.max(0, availableOf(before)), ledger.unit).display} of contract ${ledger.number} is available to ${posting.kind === 'expire' ? 'expire' : 'roll over'}.`,
    );
  }
  const next = applyEffect(before, reservation, effect);
  const settings = settingsOf(ledger);
  const check = overdraftCheck(before, next.totals, settings.overdraftPolicy);
  if (!check.ok) {
    const needed = quantity(check.shortfall, ledger.unit).display;
    throw new AppError(
      'BALANCE_INSUFFICIENT',
      `Contract ${ledger.number} has ${quantity(check.available, ledger.unit).display} available; this ${posting.kind.replace(/_/g, ' ')} needs ${needed} more than its overdraft policy (${settings.overdraftPolicy.mode}) allows. Ask the account manager to top up at least ${needed}, or release unused reservations.`,
      {
        shortfall: quantity(check.shortfall, ledger.unit),
        available: quantity(check.available, ledger.unit),
        overdraftPolicy: settings.overdraftPolicy,
      },
    );
  }

  const now = deps.clock.now();
  const body: EntryBody = {
    seq: ledger.last_seq + 1,
    id: deps.ids.next('led'),
    contractId,
    kind: posting.kind,
    amount: entryShape.amount,
    engagementId: effect.engagementId,
    reversesId: reversed?.id ?? null,
    reference: clean(posting.reference),
    reason: clean(posting.reason),
    idempotencyKey: key,
    overage: check.overage,
    balanceAfter: balanceOf(next.totals),
    reservedAfter: next.totals.reserved,
    createdBy: actorLabel(ctx.actor),
    createdAt: now.toISOString(),
    prevHash: ledger.last_hash,
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
    actor_id: ctx.actor.type === 'user' ? ctx.actor.userId : ctx.actor.type === 'contact' ? ctx.actor.contactId : null,
    created_by: body.createdBy,
    created_at: now,
    prev_hash: body.prevHash,
    hash: entryHash(body),
  };
  return { row, before, next, effect, alertThresholds: settings.alertThresholds };
}
