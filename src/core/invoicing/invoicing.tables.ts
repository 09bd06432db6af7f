import type { DateOnly, Generated, Timestamp } from '../../db/types.ts';

export type BillingLineKind = 'top_up' | 'overage' | 'overage_correction' | 'expense';

/** One export of a period (append-only; migration 0026). Its lines are the items no earlier run exported. */
export interface BillingRunsTable {
  id: string;
  /** YYYY-MM: the calendar month in each customer's time zone. */
  period: string;
  created_at: Timestamp;
  /** The actor label of who ran it. */
  created_by: string;
}

/**
 * One invoiceable item, exported once: UNIQUE (kind, source_id). Append-only except the invoice number, set
 * once with who and when. Money is integer minor units of `currency`; null when not priced (a top-up posted
 * without a price).
 */
export interface BillingLinesTable {
  id: string;
  run_id: string;
  /** 1, 2, 3… within the run: customer, contract, kind, date. */
  position: number;
  kind: BillingLineKind;
  /**
   * The top-up's ledger entry id, the expense id, `<contract id>:<period>` for overage, or `<corrected line
   * id>:<period of the run>` for an overage correction (migration 0033).
   */
  source_id: string;
  customer_id: string;
  contract_id: string;
  /** The item's day in the customer's zone (the top-up's posting day, the expense's date, the period's last day). */
  date: DateOnly;
  description: string;
  /** In the contract's ledger unit (top-ups, overage; negative for a correction); null for expenses. */
  quantity: number | null;
  unit: 'minute' | 'centiunit' | null;
  /** Per hour (minute contracts) or per unit (centiunit contracts); overage only. */
  unit_price_minor: number | null;
  amount_minor: number | null;
  currency: string | null;
  purchase_order: string | null;
  engagement_numbers: Generated<string[]>;
  receipt_url: string | null;
  invoice_number: string | null;
  /** The overage line an `overage_correction` credits (its amount and quantity are negative). */
  corrects_line_id: Generated<string | null>;
  invoiced_at: Timestamp | null;
  invoiced_by: string | null;
}

export interface InvoicingTables {
  billing_runs: BillingRunsTable;
  billing_lines: BillingLinesTable;
}
