import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Outbox } from '../mail/outbox.service.ts';

export interface InboundDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  outbox: Outbox;
  domain: string | undefined;
  /**
   * The deployment's own mail server (MAIL_IN_AUTHSERV_ID). When set, only its Authentication-Results
   * count, and a message whose From they do not vouch for reaches no handler.
   */
  authservId?: string | undefined;
  ownAddress: string;
}
