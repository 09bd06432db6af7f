import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../../shared/errors.ts';
import type { MinorMoney } from '../../shared/money.ts';
import type { Posting, PostingOptions } from './ledger.deps.ts';
import { amountProblem } from './ledger.rules.ts';

/** Trimmed text, or null when nothing is left. */
export const clean = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
};

/** The hash an Idempotency-Key remembers its request by (canonical JSON, SHA-256); null without a key. */
export const requestHashOf = (key: string | null, request: Record<string, unknown>): string | null =>
  key
    ? createHash('sha256')
        .update(canonicalize(request) ?? '', 'utf8')
        .digest('hex')
    : null;

/** A posting with the request its Idempotency-Key is compared by. */
export type Described = { posting: Posting; request: Record<string, unknown> };

/** A top-up and the request its key remembers. */
export const describeTopUp = (
  input: {
    amount: number;
    reference: string;
    price?: MinorMoney | undefined;
    purchaseOrder?: string | undefined;
  } & PostingOptions,
): Described => ({
  posting: { kind: 'top_up', amount: input.amount, reference: input.reference, idempotencyKey: input.idempotencyKey },
  // A price and PO join the remembered request only when sent, so unpriced top-ups hash as they always did.
  request: {
    op: 'top_up',
    amount: input.amount,
    reference: clean(input.reference),
    ...(input.price ? { price: { amountMinor: input.price.amountMinor, currency: input.price.currency } } : {}),
    ...(input.purchaseOrder ? { purchaseOrder: clean(input.purchaseOrder) } : {}),
  },
});

/** An adjustment and the request its key remembers. */
export const describeAdjustment = (input: { amount: number; reason: string } & PostingOptions): Described => ({
  posting: {
    kind: 'adjustment',
    amount: input.amount,
    reason: input.reason,
    reference: input.reference ?? null,
    idempotencyKey: input.idempotencyKey,
  },
  request: { op: 'adjustment', amount: input.amount, reason: clean(input.reason), reference: clean(input.reference) },
});

/** A reversal and the request its key remembers. */
export const describeReversal = (input: { entryId: string; reason: string } & PostingOptions): Described => ({
  posting: {
    kind: 'reversal',
    amount: 0,
    reversesId: input.entryId,
    reason: input.reason,
    reference: input.reference ?? null,
    idempotencyKey: input.idempotencyKey,
  },
  request: { op: 'reversal', entryId: input.entryId, reason: clean(input.reason), reference: clean(input.reference) },
});

/** Adjustments and reversals say why. */
export function assertReason(reason: string, what: string): void {
  if (!clean(reason))
    throw new AppError('VALIDATION_FAILED', `${what} needs a reason.`, {
      errors: [{ path: 'reason', message: 'is required' }],
    });
}

/** A posting's amount: a positive (or, `signed`, non-zero) integer within the per-posting cap. */
export function assertAmount(amount: unknown, signed = false): asserts amount is number {
  const problem = amountProblem(amount, { signed });
  if (problem)
    throw new AppError('VALIDATION_FAILED', `The amount ${problem}.`, {
      errors: [{ path: 'amount', message: problem }],
    });
}

/** Expiries and rollovers move whole balances: positive integers, not capped per posting. */
export function assertWholePositive(amount: number): void {
  if (Number.isSafeInteger(amount) && amount > 0) return;
  throw new AppError('VALIDATION_FAILED', 'The amount must be a positive integer in ledger units.', {
    errors: [{ path: 'amount', message: 'must be a positive integer' }],
  });
}
