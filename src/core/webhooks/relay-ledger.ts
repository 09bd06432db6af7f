import type { ContractUnit } from '../contracts/contracts.tables.ts';
import { quantity } from '../../shared/units.ts';
import { webhookBody } from './emit.ts';
import type { WebhooksDeps } from './webhooks.deps.ts';
import { webhooksRepo, type RelayedEntry } from './webhooks.repo.ts';

/** Contracts and entries per contract one relay round reads at most. */
const CONTRACTS_PER_ROUND = 200;
const ENTRIES_PER_CONTRACT = 500;

/** The `ledger.posted` data of one entry: what a PSA or BI tool books (quantities with their unit). */
export function ledgerPostedData(e: RelayedEntry): Record<string, unknown> {
  const unit = e.unit as ContractUnit;
  return {
    entryId: e.id,
    contractId: e.contract_id,
    contractNumber: e.contract_number,
    customerId: e.customer_id,
    seq: e.seq,
    kind: e.kind,
    amount: quantity(e.amount, unit),
    engagementId: e.engagement_id,
    reversesId: e.reverses_id,
    reference: e.reference,
    balanceAfter: quantity(e.balance_after, unit),
    reservedAfter: quantity(e.reserved_after, unit),
    postedAt: e.created_at.toISOString(),
    hash: e.hash,
  };
}

/**
 * Relays committed ledger entries as `ledger.posted` events, one message per entry and enabled subscription
 * (made no later than the entry), after commit: the ledger is its own outbox and postings write nothing more.
 * A cursor per contract (`webhook_ledger_cursors`) advances in the transaction that writes the messages, so
 * each entry is relayed exactly once per subscription (a dedupe key per entry and subscription backs this
 * up); one relay runs at a time (an advisory lock; another worker's round returns 0).
 */
export async function relayLedger(deps: Pick<WebhooksDeps, 'db' | 'clock' | 'ids'>): Promise<{ relayed: number }> {
  return deps.db.transaction(async (trx) => {
    if (!(await webhooksRepo.tryRelayLock(trx))) return { relayed: 0 };
    const behind = await webhooksRepo.contractsBehind(trx, CONTRACTS_PER_ROUND);
    if (behind.length === 0) return { relayed: 0 };
    const subscribers = await webhooksRepo.subscribersOf(trx, 'ledger.posted');
    const now = deps.clock.now();
    let relayed = 0;
    for (const c of behind) {
      const to = Math.min(c.to_seq, c.from_seq + ENTRIES_PER_CONTRACT);
      if (subscribers.length > 0) {
        const entries = await webhooksRepo.entriesBetween(trx, c.contract_id, c.from_seq, to);
        const rows = entries.flatMap((e) => {
          const body = webhookBody('ledger.posted', e.created_at, ledgerPostedData(e));
          return subscribers
            .filter((s) => s.created_at <= e.created_at)
            .map((s) => ({
              id: deps.ids.next('msg'),
              subscription_id: s.id,
              event_type: 'ledger.posted',
              body,
              status: 'pending' as const,
              next_attempt_at: now,
              dedupe_key: `ledger:${e.id}:${s.id}`,
              created_at: now,
            }));
        });
        for (let i = 0; i < rows.length; i += 500)
          relayed += await webhooksRepo.insertMessages(trx, rows.slice(i, i + 500));
      }
      await webhooksRepo.advanceCursor(trx, c.contract_id, to);
    }
    return { relayed };
  });
}
