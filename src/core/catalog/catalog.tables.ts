import type { Generated, Json, Timestamp } from '../../db/types.ts';
import type { DeliverableKind, RequestKind } from '../../shared/domain.ts';

/** One size of a catalog item: integers in minutes and hundredths of a service unit. */
export interface CatalogSizeRow {
  code: string;
  label?: string | null;
  estimateMinutes: number;
  /** Fixed price in centiunits (service_units contracts); null: time and materials only. */
  fixedPriceUnits: number | null;
  /** Fixed price in minutes (hours contracts); null: time and materials only. */
  fixedPriceMinutes: number | null;
}

export interface CatalogItemsTable {
  id: string;
  kind: RequestKind;
  name: string;
  description: string;
  sizes: Json<CatalogSizeRow[]>;
  deliverables: Json<DeliverableKind[]>;
  minimum_billable_minutes: number;
  lead_time_days: number;
  required_skills: Json<string[]>;
  active: boolean;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogTables {
  catalog_items: CatalogItemsTable;
}
