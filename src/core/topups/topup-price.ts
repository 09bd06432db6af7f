import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { priceLine } from '../../shared/money.ts';
import { ledgerUnitOf, type ContractUnit } from '../../shared/units.ts';
import { commerceRepo } from '../commerce/commerce.repo.ts';
import { actorLabel, type Ctx } from '../context.ts';

/** The price of a request's top-up: a package's frozen price, else the contract's top-up rate × quantity. */
async function priceOf(
  trx: Executor,
  topUp: { contractId: string; unit: ContractUnit; amount: number; fixed?: { amountMinor: number; currency: string } },
): Promise<{ amountMinor: number; currency: string } | null> {
  const terms = await commerceRepo.readTerms(trx, topUp.contractId);
  if (topUp.fixed) {
    // A package's price was frozen in the contract's currency of the day; billing in another is refused.
    if (terms && terms.currency !== topUp.fixed.currency)
      throw new AppError(
        'CURRENCY_MISMATCH',
        `This request was priced in ${topUp.fixed.currency}, but the retainer is now billed in ${terms.currency}: decline it and ask the customer to ask for the package again. Nothing was posted.`,
        { requestCurrency: topUp.fixed.currency, contractCurrency: terms.currency },
      );
    return topUp.fixed;
  }
  if (!terms || terms.topup_rate_minor === null) return null;
  const price = priceLine(terms.topup_rate_minor, topUp.amount, ledgerUnitOf(topUp.unit));
  return price.ok ? { amountMinor: price.amountMinor, currency: terms.currency } : null;
}

/**
 * Records the price of an accepted request's top-up beside the ledger (`topup_prices`) with the request's PO:
 * a package's price as it was when the request was made (`fixed`), otherwise the contract's top-up rate × the
 * quantity, rounded at the line. A contract without terms or without a top-up rate records nothing (its
 * price shows "not recorded"). A replay writes nothing.
 */
export async function recordTopUpPrice(
  trx: Executor,
  ctx: Ctx,
  topUp: {
    contractId: string;
    unit: ContractUnit;
    entryId: string;
    amount: number;
    purchaseOrder: string;
    at: Date;
    fixed?: { amountMinor: number; currency: string };
  },
): Promise<void> {
  const price = await priceOf(trx, topUp);
  if (!price) return;
  await commerceRepo.insertTopupPrice(trx, {
    ledger_entry_id: topUp.entryId,
    contract_id: topUp.contractId,
    price_minor: price.amountMinor,
    currency: price.currency,
    purchase_order: topUp.purchaseOrder,
    invoice_reference: null,
    invoiced_at: null,
    recorded_at: topUp.at,
    recorded_by: actorLabel(ctx.actor),
  });
}
