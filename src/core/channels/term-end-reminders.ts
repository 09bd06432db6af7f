import { addDays, daysBetween, localDate } from '../../shared/dates.ts';
import { DateTime } from 'luxon';
import { contractsRepo } from '../contracts/contracts.repo.ts';
import { mergeSettings } from '../contracts/contracts.rules.ts';
import type { ChannelsDeps } from './channels.deps.ts';
import { reminderContent } from './channels.notify.ts';
import { channelsRepo, type ActiveContract } from './channels.repo.ts';
import { fittingServices, reminderThreshold, REMINDER_THRESHOLDS, type ReminderThreshold } from './channels.rules.ts';

export interface ReminderSent {
  contractId: string;
  threshold: ReminderThreshold;
}

/** One contract's reminder, in its own transaction: written once (dedupe key per contract and threshold). */
async function remindOne(
  deps: ChannelsDeps,
  contract: ActiveContract,
  threshold: ReminderThreshold,
  daysLeft: number,
): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const totals = await deps.ledger.totals(trx, contract.id);
    if (totals.available <= 0) return false;
    const to = await contractsRepo.statementRecipients(trx, contract.customer_id);
    if (to.length === 0) return false;
    const successor = await contractsRepo.byId(trx, contract.id);
    const services = fittingServices(await channelsRepo.proactiveItems(trx), contract.unit, totals.available);
    const facts = {
      contract,
      threshold,
      daysLeft,
      totals,
      policy: mergeSettings(contract.settings, undefined).expiryPolicy,
      hasSuccessor: Boolean(successor?.successor_id),
      services,
    };
    // A contact gets the portal's request links, the account team the staff contract page.
    return deps.outbox.enqueueForRecipients(trx, to, (audience) => ({
      topic: 'contract.term_end_reminder',
      contractId: contract.id,
      dedupeKey: `term-end-reminder:${contract.id}:${threshold}`,
      ...reminderContent(deps.publicUrl, audience.kind, facts),
    }));
  });
}

/**
 * Term-end reminders (domain.md, Notifications): 90, 60 and 30 days before the term ends in the
 * customer's zone, while balance is available, to statement contacts and the account team; once per
 * contract and threshold whatever the number of runs or workers (the outbox's unique dedupe key).
 */
export async function sendTermEndReminders(
  deps: ChannelsDeps,
): Promise<{ sent: ReminderSent[]; failed: { contractId: string; error: string }[] }> {
  const now = deps.clock.now();
  // No zone is more than 14 hours ahead of UTC: a term further than the largest threshold from there is not due.
  const latestDay = addDays(
    DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ hours: 14 }).toISODate()!,
    Math.max(...REMINDER_THRESHOLDS),
  );
  const sent: ReminderSent[] = [];
  const failed: { contractId: string; error: string }[] = [];
  for (const contract of await channelsRepo.activeEndingBy(deps.db.kysely, latestDay)) {
    const daysLeft = daysBetween(localDate(now, contract.time_zone), contract.term_end);
    const threshold = reminderThreshold(daysLeft);
    if (threshold === null) continue;
    try {
      if (await remindOne(deps, contract, threshold, daysLeft)) sent.push({ contractId: contract.id, threshold });
    } catch (e) {
      failed.push({ contractId: contract.id, error: (e as Error).message });
    }
  }
  return { sent, failed };
}
