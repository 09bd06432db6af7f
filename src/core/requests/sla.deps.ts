import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Outbox } from '../mail/outbox.service.ts';

/** What the SLA watch and report need; wired in main/core.ts. */
export interface SlaDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  publicUrl: string;
}
