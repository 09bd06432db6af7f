import type { ChangeFeed } from '../../db/change-feed.ts';
import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ProviderRole } from '../../shared/roles.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ChangeCache } from '../change-cache.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { accountsRepo } from './accounts.repo.ts';

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  session: { idleMinutes: number; absoluteHours: number };
  /** The database's change notifications: bearer-token lookups are cached while it is live. */
  changes: Pick<ChangeFeed, 'live' | 'onReset' | 'on'>;
  /** Single sign-on, when this server is set up for it: its name and who it may let in or create. */
  sso?: { name: string; createUsers: boolean; groupRoles: Readonly<Record<string, ProviderRole>> } | undefined;
}

/** A bearer token's row with its user, as the cache holds it. */
export type TokenRow = NonNullable<Awaited<ReturnType<typeof accountsRepo.apiTokenByHash>>>;

/** What the use cases of accounts run on: the deps, plus the bearer-token cache the factory owns. */
export interface AccountsUseCaseDeps extends AccountsDeps {
  tokens: ChangeCache<TokenRow>;
  /** Called inside a transaction that changes users or tokens: cached lookups go once it has ended. */
  authChanged: () => void;
}
