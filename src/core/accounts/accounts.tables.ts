import type { Generated, Timestamp } from '../../db/types.ts';
import type { Role } from '../../shared/roles.ts';

export interface OrganizationsTable {
  id: string;
  kind: 'provider' | 'customer';
  name: string;
  created_at: Timestamp;
}

export type UserStatus = 'invited' | 'active' | 'disabled';

export interface UsersTable {
  id: string;
  organization_id: string;
  email: string;
  email_lower: Generated<string>;
  name: string;
  role: Role;
  status: UserStatus;
  password_hash: string | null;
  contact_id: string | null;
  /** A provider user's work phone (migration 0017), shown in the portal's account team. */
  work_phone: Generated<string | null>;
  /** IANA zone the user's emails are written in (migration 0032); null: the firm's default zone. */
  time_zone: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type OneTimePurpose = 'set_password' | 'reset_password';

export interface OneTimeTokensTable {
  id: string;
  user_id: string;
  purpose: OneTimePurpose;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email_lower: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
}

export interface AccountsTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  one_time_tokens: OneTimeTokensTable;
  login_attempts: LoginAttemptsTable;
}
