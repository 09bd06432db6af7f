import type { Generated, Timestamp } from '../../db/types.ts';

/** A follow-the-sun rota: a named sequence of shifts that never overlap. */
export interface OncallRotasTable {
  id: string;
  name: string;
  description: Generated<string>;
  active: Generated<boolean>;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One consultant holding the pager of a rota during [starts_at, ends_at); `period` is generated from them. */
export interface OncallShiftsTable {
  id: string;
  rota_id: string;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: Generated<string>;
  created_by_user_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OncallTables {
  oncall_rotas: OncallRotasTable;
  oncall_shifts: OncallShiftsTable;
}
