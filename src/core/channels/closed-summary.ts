import type { Executor } from '../../db/create-db.ts';
import type { EngagementClosing } from '../engagements/engagements.tables.ts';
import type { EngagementRecord } from '../engagements/engagements.repo.ts';
import { contractsRepo } from '../contracts/contracts.repo.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { engagementClosedSummary } from './acknowledgements.ts';
import { channelsRepo } from './channels.repo.ts';

/**
 * Tells the customer's points of contact (and the account team) that an engagement closed, in the
 * closing transaction after its postings: consumed, minimum true-up, released, the balance now and the
 * deliverables issued. Once per engagement (dedupe key).
 */
export async function notifyEngagementClosed(
  deps: { outbox: Outbox; publicUrl: string; ledger: LedgerService },
  trx: Executor,
  engagement: EngagementRecord,
  closing: EngagementClosing,
): Promise<void> {
  const to = await contractsRepo.statementRecipients(trx, engagement.customer_id);
  if (to.length === 0) return;
  const totals = await deps.ledger.totals(trx, engagement.contract_id);
  const deliverables = await channelsRepo.issuedDeliverables(trx, engagement.id);
  // A contact opens the portal's engagement page, the account team the staff one.
  await deps.outbox.enqueueForRecipients(trx, to, (audience) => ({
    topic: 'engagement.closed_summary',
    dedupeKey: `engagement-closed:${engagement.id}`,
    contractId: engagement.contract_id,
    ...engagementClosedSummary(
      deps.publicUrl,
      audience.kind,
      engagement,
      {
        consumed: engagement.effort_consumed + closing.fixedPrice,
        trueUp: closing.trueUp,
        released: closing.released,
        expired: closing.expired,
        balance: totals.balance,
        available: totals.available,
      },
      deliverables,
    ),
  }));
}
