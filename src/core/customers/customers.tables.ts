import type { ColumnType } from 'kysely';
import type { Generated, Timestamp } from '../../db/types.ts';

export interface CustomersTable {
  id: string;
  organization_id: string;
  name: string;
  /** normalizeName(name) (src/shared/names.ts): the form names are unique by (migration 0014). */
  name_key: string;
  /** IANA zone, e.g. America/Chicago: term dates, lead times and statement days are counted in it. */
  time_zone: string;
  status: 'active' | 'inactive';
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerAccountTeamTable {
  customer_id: string;
  user_id: string;
}

export interface SitesTable {
  id: string;
  customer_id: string;
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  time_zone: string;
  /** ISO 3166-1 alpha-2 (migration 0029); null: not given. */
  country: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Business hours in the site's zone, minutes after midnight, weekdays (default 09:00–17:00). */
  business_start_minute: Generated<number>;
  business_end_minute: Generated<number>;
}

export interface Phone {
  label: string;
  number: string;
}

export interface ContactsTable {
  id: string;
  customer_id: string;
  name: string;
  email: string;
  email_lower: Generated<string>;
  /** jsonb with a default ('[]'): optional on insert. */
  phones: ColumnType<Phone[], string | undefined, string>;
  can_request: Generated<boolean>;
  can_approve: Generated<boolean>;
  receives_statements: Generated<boolean>;
  escalation_order: number | null;
  /** IANA zone the contact's emails are written in (migration 0032); null: the customer's zone. */
  time_zone: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomersTables {
  customers: CustomersTable;
  customer_account_team: CustomerAccountTeamTable;
  sites: SitesTable;
  contacts: ContactsTable;
}
