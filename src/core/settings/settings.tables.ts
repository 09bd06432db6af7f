import type { JsonValue, Timestamp } from '../../db/types.ts';

export interface SettingsTable {
  key: string;
  value: JsonValue;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface SettingsTables {
  settings: SettingsTable;
}
