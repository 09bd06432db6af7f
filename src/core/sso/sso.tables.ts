import type { Timestamp } from '../../db/types.ts';

/** A single sign-on under way (migration 0028): found by its cookie handle's hash, used once. */
export interface SsoPendingLoginsTable {
  id: string;
  handle_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SsoTables {
  sso_pending_logins: SsoPendingLoginsTable;
}
