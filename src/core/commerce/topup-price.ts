import type { Executor } from '../../db/create-db.ts';
import type { TopupPriceView } from '../../shared/contracts/commerce.ts';
import { AppError } from '../../shared/errors.ts';
import { formatMinor, type MinorMoney } from '../../shared/money.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { commerceRepo } from './commerce.repo.ts';
import { topupPriceView } from './commerce.views.ts';

export interface TopupPriceInput {
  price?: MinorMoney | undefined;
  purchaseOrder?: string | undefined;
}

/** Whether a top-up carries money fields (only then does it write beside the ledger). */
export const isPriced = (input: TopupPriceInput): boolean => input.price !== undefined || !!input.purchaseOrder?.trim();

/** A purchase order alone has nowhere to go: it is recorded with the price. Checked before anything is written. */
export function assertPriceInput(input: TopupPriceInput): void {
  if (input.purchaseOrder?.trim() && !input.price) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The request is invalid: price is required with a purchaseOrder. Give the price of the top-up, or put the purchase order in its reference.',
      { errors: [{ path: 'price', message: 'required with purchaseOrder' }] },
    );
  }
}

/**
 * Records a top-up's price beside its ledger entry, in the posting's transaction: the contract must have terms
 * (422 TERMS_MISSING) in the price's currency (422 CURRENCY_MISMATCH); a throw here rolls the posting back,
 * so a refusal writes nothing. A replayed top-up finds its row and writes nothing more.
 */
export async function recordTopupPrice(
  trx: Executor,
  ctx: Ctx,
  now: Date,
  contract: { id: string; number: string },
  entryId: string,
  input: TopupPriceInput & { price: MinorMoney },
): Promise<TopupPriceView> {
  const terms = await commerceRepo.readTerms(trx, contract.id);
  if (!terms) {
    throw new AppError(
      'TERMS_MISSING',
      `Contract ${contract.number} has no commercial terms yet: set its currency and rates (Commercial terms) before recording a priced top-up.`,
    );
  }
  if (input.price.currency !== terms.currency) {
    throw new AppError(
      'CURRENCY_MISMATCH',
      `Contract ${contract.number} is billed in ${terms.currency}: give the price in ${terms.currency}, not ${input.price.currency}.`,
      { currency: terms.currency },
    );
  }
  await commerceRepo.insertTopupPrice(trx, {
    ledger_entry_id: entryId,
    contract_id: contract.id,
    price_minor: input.price.amountMinor,
    currency: input.price.currency,
    purchase_order: input.purchaseOrder?.trim() || null,
    recorded_at: now,
    recorded_by: actorLabel(ctx.actor),
  });
  const rows = await commerceRepo.readTopupPrices(trx, contract.id, [entryId]);
  return topupPriceView(rows.get(entryId));
}

/** "1,500.00 EUR"-style text for mail and CLI lines where a price is recorded, else "not recorded". */
export const priceText = (view: TopupPriceView): string =>
  view.price ? formatMinor(view.price.amountMinor, view.price.currency) : 'not recorded';
