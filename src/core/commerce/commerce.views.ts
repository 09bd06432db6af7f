import type { CustomerTermsView, MoneyView, TermsView, TopupPriceView } from '../../shared/contracts/commerce.ts';
import { formatMinor } from '../../shared/money.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { TermsRow, TopupPriceRow } from './commerce.repo.ts';

export const moneyView = (amountMinor: number, currency: string): MoneyView => ({
  amountMinor,
  currency,
  display: formatMinor(amountMinor, currency),
});

const maybeMoney = (amountMinor: number | null, currency: string): MoneyView | null =>
  amountMinor === null ? null : moneyView(amountMinor, currency);

/** The full terms, for staff who manage money. */
export function termsView(row: TermsRow, unit: ContractUnit): TermsView {
  return {
    contractId: row.contract_id,
    currency: row.currency,
    retainerPrice: maybeMoney(row.retainer_price_minor, row.currency),
    topupRate: maybeMoney(row.topup_rate_minor, row.currency),
    overageRate: maybeMoney(row.overage_rate_minor, row.currency),
    rateUnit: unit === 'hours' ? 'hour' : 'service_unit',
    paymentTermDays: row.payment_term_days,
    billingLegalName: row.billing_legal_name,
    billingAddress: row.billing_address,
    taxId: row.tax_id,
    billingContactName: row.billing_contact_name,
    billingContactEmail: row.billing_contact_email,
    purchaseOrder: row.purchase_order,
    revision: row.revision,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the customer's own users see: the retainer's price. */
export const customerTermsView = (row: TermsRow): CustomerTermsView => ({
  currency: row.currency,
  retainerPrice: maybeMoney(row.retainer_price_minor, row.currency),
});

/** A top-up's price, or "not recorded" when it was posted without one. */
export function topupPriceView(row: TopupPriceRow | undefined): TopupPriceView {
  if (!row) return { recorded: false, price: null, purchaseOrder: null, invoiced: false, invoiceReference: null };
  return {
    recorded: true,
    price: moneyView(row.price_minor, row.currency),
    purchaseOrder: row.purchase_order,
    invoiced: row.invoice_reference !== null,
    invoiceReference: row.invoice_reference,
  };
}
