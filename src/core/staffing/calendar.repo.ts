import type { Executor } from '../../db/create-db.ts';

/** A provider user whose calendar a feed shows. */
export interface FeedOwner {
  id: string;
  name: string;
  status: string;
}

export const calendarRepo = {
  /** The user a feed may be made for: an active or disabled provider user (customers' users are not staff). */
  async providerUser(ex: Executor, userId: string): Promise<FeedOwner | undefined> {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.status'])
      .where('users.id', '=', userId)
      .where('organizations.kind', '=', 'provider')
      .executeTakeFirst();
  },

  /** Stores the hash of a user's new feed token, replacing the previous one (whose URL then answers 404). */
  async replaceFeed(ex: Executor, row: { user_id: string; token_hash: string; created_at: Date; created_by: string }) {
    await ex
      .insertInto('calendar_feeds')
      .values(row)
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          token_hash: row.token_hash,
          created_at: row.created_at,
          created_by: row.created_by,
        }),
      )
      .execute();
  },

  /** The active provider user whose feed token has this hash. */
  async ownerOfFeed(ex: Executor, tokenHash: string): Promise<FeedOwner | undefined> {
    return ex
      .selectFrom('calendar_feeds')
      .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
      .select(['users.id', 'users.name', 'users.status'])
      .where('calendar_feeds.token_hash', '=', tokenHash)
      .where('users.status', '=', 'active')
      .executeTakeFirst();
  },
};
