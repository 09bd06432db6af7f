import type { Executor } from '../../db/create-db.ts';
import { quantity } from '../../shared/units.ts';
import { contractsRepo } from '../contracts/contracts.repo.ts';
import { dayLabel } from '../../shared/dates.ts';
import { itemLink } from '../mail/links.ts';
import type { Audience } from '../mail/mail.rules.ts';
import { renderEmail } from '../mail/templates.ts';
import type { LedgerDeps } from './ledger.deps.ts';
import type { LockedLedger } from './ledger.repo.ts';
import { availableOf, balanceOf, percentConsumed, type LedgerTotals } from './ledger.rules.ts';

/** Alerts once per threshold crossing, to statement contacts and the account team, in the posting's transaction. */
export async function notifyThresholds(
  deps: Pick<LedgerDeps, 'outbox' | 'publicUrl'>,
  trx: Executor,
  ledger: LockedLedger,
  crossed: number[],
  after: LedgerTotals,
  seq: number,
): Promise<void> {
  for (const threshold of crossed)
    await deps.outbox.emitWebhookEvent(trx, {
      type: 'balance.threshold_crossed',
      dedupeKey: `ledger-threshold:${ledger.contract_id}:${threshold}:${seq}`,
      data: {
        contractId: ledger.contract_id,
        contractNumber: ledger.number,
        customerId: ledger.customer_id,
        threshold,
        percentConsumed: percentConsumed(after),
        balance: quantity(balanceOf(after), ledger.unit),
        reserved: quantity(after.reserved, ledger.unit),
        available: quantity(availableOf(after), ledger.unit),
        seq,
      },
    });
  const to = await contractsRepo.statementRecipients(trx, ledger.customer_id);
  if (to.length === 0) return;
  const unit = ledger.unit;
  for (const threshold of crossed) {
    // A contact opens the portal's contract page, the account team the staff one.
    const content = (audience: Audience) =>
      renderEmail({
        heading: `Retainer ${ledger.number}: ${threshold} % consumed`,
        paragraphs: [
          `${ledger.customer_name}'s retainer ${ledger.number} has now consumed ${percentConsumed(after)} % of its units, crossing the ${threshold} % alert threshold.`,
          threshold >= 100
            ? 'Nothing is left to draw on: new work needs a top-up. Contact your account manager.'
            : 'If you expect more work before the term ends, talk to your account manager about a top-up.',
        ],
        facts: [
          ['Balance', quantity(balanceOf(after), unit).display],
          ['Reserved for approved work', quantity(after.reserved, unit).display],
          ['Available', quantity(availableOf(after), unit).display],
          ['Term ends', dayLabel(ledger.term_end)],
        ],
        action: {
          label: 'See the balance',
          url: itemLink(deps.publicUrl, audience.kind, { type: 'contract', id: ledger.contract_id }),
        },
      });
    await deps.outbox.enqueueForRecipients(trx, to, (audience) => ({
      topic: 'ledger.threshold_crossed',
      contractId: ledger.contract_id,
      dedupeKey: `ledger-threshold:${ledger.contract_id}:${threshold}:${seq}`,
      subject: `Retainer ${ledger.number}: ${threshold} % consumed`,
      ...content(audience),
    }));
  }
}
