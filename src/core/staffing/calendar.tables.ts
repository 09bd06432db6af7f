import type { Timestamp } from '../../db/types.ts';

/** A consultant's personal calendar feed: only the SHA-256 of its secret token is kept; a new one replaces it. */
export interface CalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  created_by: string;
}

export interface CalendarTables {
  calendar_feeds: CalendarFeedsTable;
}
