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

/** Parsed settings per stored settings object: a remembered head drafts many postings against one. */
const parsedSettings = new WeakMap<object, ContractSettings>();
function settingsOf(l: LockedLedger): ContractSettings {
  const stored = l.settings;
  if (typeof stored !== 'object' || stored === null) return ContractSettings.parse(stored);
  let s = parsedSettings.get(stored);
  if (!s) parsedSettings.set(stored, (s = ContractSettings.parse(stored)));
  return s;
}

/** The head `l` becomes once `row` (with totals `t`) is appended. */
export const headAfter = (l: LockedLedger, row: LedgerEntryRow, t: LedgerTotals): LockedLedger => ({
  ...l,
  ...headColumns(row, t),
});

/**
 * Checks a new posting against the locked ledger (state, reversal target, overdraft policy) and builds
 * its chained entry; throws the refusal, having written nothing.
 */
export async function draftEntry(
  deps: Pick<LedgerDeps, 'clock' | 'ids'>,
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

  const now = deps.clock.now();
  const body: EntryBody = {
    seq: l.last_seq + 1,
    id: deps.ids.next('led'),
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
    actor_id: ctx.actor.type === 'user' ? ctx.actor.userId : ctx.actor.type === 'contact' ? ctx.actor.contactId : null,
    created_by: body.createdBy,
    created_at: now,
    prev_hash: body.prevHash,
    hash: entryHash(body),
  };
  return { row, before, next, effect, alertThresholds: settings.alertThresholds };
}
