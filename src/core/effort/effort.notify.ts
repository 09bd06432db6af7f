import type { Executor } from '../../db/create-db.ts';
import { ESTIMATE_WARNING_PERCENT } from '../../shared/effort.ts';
import { quantity } from '../../shared/units.ts';
import { engagementsRepo, type EngagementRecord } from '../engagements/engagements.repo.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { EffortDeps } from './effort.deps.ts';
import { toleranceLimit } from './effort.rules.ts';
import { settingsOf } from './effort.views.ts';

const engagementUrl = (deps: Pick<EffortDeps, 'publicUrl'>, engagement: EngagementRecord) =>
  itemLink(deps.publicUrl, 'staff', { type: 'engagement', number: engagement.number });

/** IR managers and the customer's account team, deduplicated. */
async function managersOf(
  deps: Pick<EffortDeps, 'customers'>,
  trx: Executor,
  engagement: EngagementRecord,
): Promise<string[]> {
  const [irms, team] = await Promise.all([
    engagementsRepo.providerUsers(trx, ['ir_manager']),
    deps.customers.accountTeam(trx, engagement.customer_id),
  ]);
  return [...new Set([...irms.map((u) => u.email), ...team.map((m) => m.email)])];
}

/** Once per estimate value: consumption reached 90 % of it. */
export async function warnEstimateShare(
  deps: Pick<EffortDeps, 'customers' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  engagement: EngagementRecord,
  consumed: number,
): Promise<void> {
  const to = await managersOf(deps, trx, engagement);
  if (to.length === 0) return;
  const display = (n: number) => quantity(n, engagement.unit).display;
  const content = renderEmail({
    heading: `${engagement.number}: ${ESTIMATE_WARNING_PERCENT} % of the estimate consumed`,
    paragraphs: [
      `Engagement ${engagement.number} (${engagement.title}) for ${engagement.customer_name} has consumed ${display(consumed)} of its ${display(engagement.estimate)} estimate.`,
      "If more work is expected, prepare a change order now: billable effort past the estimate plus the contract's tolerance is held until one is approved.",
    ],
    facts: [
      ['Estimate', display(engagement.estimate)],
      ['Consumed', display(consumed)],
      ['Held beyond', display(toleranceLimit(engagement.estimate, settingsOf(engagement).estimateTolerancePercent))],
    ],
    action: { label: 'Open the engagement', url: engagementUrl(deps, engagement) },
  });
  await deps.outbox.enqueueEmail(trx, {
    topic: 'engagement.estimate_warning',
    contractId: engagement.contract_id,
    dedupeKey: `engagement-estimate-${ESTIMATE_WARNING_PERCENT}:${engagement.id}:${engagement.estimate}`,
    to,
    subject: `${engagement.number}: ${ESTIMATE_WARNING_PERCENT} % of the estimate consumed`,
    ...content,
  });
}

/** Once per estimate value: billable effort is held, a change order is needed. */
export async function askForChangeOrder(
  deps: Pick<EffortDeps, 'customers' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  engagement: EngagementRecord,
  held: number,
): Promise<void> {
  const to = await managersOf(deps, trx, engagement);
  if (to.length === 0) return;
  const display = (n: number) => quantity(n, engagement.unit).display;
  const content = renderEmail({
    heading: `${engagement.number}: effort held, change order needed`,
    paragraphs: [
      `Billable effort on engagement ${engagement.number} (${engagement.title}) for ${engagement.customer_name} would take its consumption past the estimate plus the tolerance, so it is recorded but held: nothing is drawn from the retainer for it.`,
      "Draft a change order for the customer's approval; when it is approved the held effort is posted. Held effort still unbilled at close is written off.",
    ],
    facts: [
      ['Estimate', display(engagement.estimate)],
      ['Consumed', display(engagement.effort_consumed)],
      ['Held', display(held)],
    ],
    action: { label: 'Open the engagement', url: engagementUrl(deps, engagement) },
  });
  await deps.outbox.enqueueEmail(trx, {
    topic: 'engagement.effort_held',
    contractId: engagement.contract_id,
    dedupeKey: `engagement-held:${engagement.id}:${engagement.estimate}`,
    to,
    subject: `${engagement.number}: effort held, change order needed`,
    ...content,
  });
}
