import type { Generated, Timestamp } from '../../db/types.ts';

/** A contract's commercial terms (1:1 with `contracts`; no row: "terms missing"). Amounts in minor units of `currency`. */
export interface ContractTermsTable {
  contract_id: string;
  /** ISO 4217, upper case. */
  currency: string;
  /** What the customer paid for the initial block. */
  retainer_price_minor: number | null;
  /** Per hour (hours contracts) or per service unit (service-units contracts). */
  topup_rate_minor: number | null;
  /** Per hour or unit consumed past zero where the overdraft policy allows it. */
  overage_rate_minor: number | null;
  payment_term_days: number | null;
  billing_legal_name: string | null;
  billing_address: string | null;
  tax_id: string | null;
  billing_contact_name: string | null;
  billing_contact_email: string | null;
  purchase_order: string | null;
  revision: Generated<number>;
  updated_at: Timestamp;
  /** Actor label of the last editor. */
  updated_by: string;
}

/**
 * The price of one top-up, keyed by its ledger entry (the entry itself never changes). Append-only except
 * `invoice_reference` + `invoiced_at`, set once by billing (a trigger refuses anything else).
 */
export interface TopupPricesTable {
  ledger_entry_id: string;
  contract_id: string;
  price_minor: number;
  currency: string;
  purchase_order: string | null;
  invoice_reference: string | null;
  invoiced_at: Timestamp | null;
  recorded_at: Timestamp;
  recorded_by: string;
}

export interface CommerceTables {
  contract_terms: ContractTermsTable;
  topup_prices: TopupPricesTable;
}
