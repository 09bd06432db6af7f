import type { Executor } from '../../db/create-db.ts';
import { priceLine } from '../../shared/money.ts';
import { ledgerUnitOf, type ContractUnit } from '../../shared/units.ts';
import { commerceRepo } from '../commerce/commerce.repo.ts';
import { actorLabel, type Ctx } from '../context.ts';

/**
 * Records the price of an accepted request's top-up beside the ledger (`topup_prices`): the contract's
 * top-up rate × the quantity, rounded at the line, with the request's PO. A contract without terms or
 * without a top-up rate records nothing (its price shows "not recorded"). A replay writes nothing.
 */
export async function recordTopUpPrice(
  trx: Executor,
  ctx: Ctx,
  topUp: { contractId: string; unit: ContractUnit; entryId: string; amount: number; purchaseOrder: string; at: Date },
): Promise<void> {
  const terms = await commerceRepo.readTerms(trx, topUp.contractId);
  if (!terms || terms.topup_rate_minor === null) return;
  const price = priceLine(terms.topup_rate_minor, topUp.amount, ledgerUnitOf(topUp.unit));
  if (!price.ok) return;
  await commerceRepo.insertTopupPrice(trx, {
    ledger_entry_id: topUp.entryId,
    contract_id: topUp.contractId,
    price_minor: price.amountMinor,
    currency: terms.currency,
    purchase_order: topUp.purchaseOrder,
    invoice_reference: null,
    invoiced_at: null,
    recorded_at: topUp.at,
    recorded_by: actorLabel(ctx.actor),
  });
}
