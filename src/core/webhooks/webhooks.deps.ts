import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { WebhookSender } from './webhooks.http.ts';
import type { DisableRule } from './webhooks.rules.ts';
import type { TargetPolicy } from './webhooks.ssrf.ts';

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  /** https only when PUBLIC_URL is https; private targets only with WEBHOOKS_ALLOW_PRIVATE. */
  targets: TargetPolicy;
  send: WebhookSender;
  disableRule: DisableRule;
  /** How long a worker's claim on a message lasts (OUTBOX_CLAIM_SECONDS). */
  claimMs: number;
}
