import type { Generated, Json, Timestamp } from '../../db/types.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { TopUpRequestStatus } from '../../shared/contracts/topups.ts';

/** A customer's request for more hours or units on one contract (migration 0025). */
export interface TopUpRequestsTable {
  id: string;
  contract_id: string;
  customer_id: string;
  /** In the contract's ledger unit (minutes or hundredths of a service unit). */
  amount: number;
  purchase_order: string;
  note: string | null;
  status: Generated<TopUpRequestStatus>;
  requested_by_contact_id: string;
  /** The requesting contact's name, as the request was made. */
  requested_by: string;
  requested_channel: string;
  /** The approval page (EWO or change order) the request was made from. */
  source_type: 'work_order' | 'change_order' | null;
  source_id: string | null;
  requested_at: Timestamp;
  decided_at: Timestamp | null;
  /** The name of who accepted, declined or withdrew it. */
  decided_by: string | null;
  decline_reason: string | null;
  /** The top-up an accepted request posted. */
  ledger_entry_id: string | null;
  /** The catalog package asked for (migration 0034); its name and price are frozen at the time of the request. */
  package_id: Generated<string | null>;
  package_name: Generated<string | null>;
  /** The package's price in the contract's currency, in minor units, when the request was made. */
  package_price_minor: Generated<number | null>;
  package_currency: Generated<string | null>;
}

/** One price of a package: integer minor units of an ISO 4217 currency. */
export interface PackagePrice {
  currency: string;
  amountMinor: number;
}

/** A firm-wide top-up package (migration 0034): a block of hours or units with a price per currency. */
export interface TopUpPackagesTable {
  id: string;
  name: string;
  unit: ContractUnit;
  /** In the ledger unit of `unit` (minutes or hundredths of a service unit). */
  quantity: number;
  prices: Json<PackagePrice[]>;
  active: Generated<boolean>;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
}

export interface TopUpsTables {
  topup_requests: TopUpRequestsTable;
  topup_packages: TopUpPackagesTable;
}
