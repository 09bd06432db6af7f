import type { Executor } from '../../db/create-db.ts';
import { ESTIMATE_WARNING_PERCENT } from '../../shared/rules/effort.ts';
import { quantity } from '../../shared/units.ts';
import { engagementsRepo, type EngagementRecord } from '../engagements/engagements.repo.ts';
import { renderEmail } from '../mail/templates.ts';
import type { EffortDeps } from './effort.deps.ts';
import { toleranceLimit } from './effort.rules.ts';
import { settingsOf } from './effort.views.ts';

const engagementUrl = (deps: Pick<EffortDeps, 'publicUrl'>, e: EngagementRecord) =>
  `${deps.publicUrl}/engagements/${encodeURIComponent(e.id)}`;

/** IR managers and the customer's account team, deduplicated. */
async function managersOf(deps: Pick<EffortDeps, 'customers'>, trx: Executor, e: EngagementRecord): Promise<string[]> {
  const [irms, team] = await Promise.all([
    engagementsRepo.providerUsers(trx, ['ir_manager']),
    deps.customers.accountTeam(trx, e.customer_id),
  ]);
  return [...new Set([...irms.map((u) => u.email), ...team.map((m) => m.email)])];
}

/** Once per estimate value: consumption reached 90 % of it. */
export async function warnEstimateShare(
  deps: Pick<EffortDeps, 'customers' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  e: EngagementRecord,
  consumed: number,
): Promise<void> {
  const to = await managersOf(deps, trx, e);
  if (to.length === 0) return;
  const q = (n: number) => quantity(n, e.unit).display;
  const content = renderEmail({
    heading: `${e.number}: ${ESTIMATE_WARNING_PERCENT} % of the estimate consumed`,
    paragraphs: [
      `Engagement ${e.number} (${e.title}) for ${e.customer_name} has consumed ${q(consumed)} of its ${q(e.estimate)} estimate.`,
      "If more work is expected, prepare a change order now: billable effort past the estimate plus the contract's tolerance is held until one is approved.",
    ],
    facts: [
      ['Estimate', q(e.estimate)],
      ['Consumed', q(consumed)],
      ['Held beyond', q(toleranceLimit(e.estimate, settingsOf(e).estimateTolerancePercent))],
    ],
    action: { label: 'Open the engagement', url: engagementUrl(deps, e) },
  });
  await deps.outbox.enqueueEmail(trx, {
    topic: 'engagement.estimate_warning',
    dedupeKey: `engagement-estimate-${ESTIMATE_WARNING_PERCENT}:${e.id}:${e.estimate}`,
    to,
    subject: `${e.number}: ${ESTIMATE_WARNING_PERCENT} % of the estimate consumed`,
    ...content,
  });
}

/** Once per estimate value: billable effort is held, a change order is needed. */
export async function askForChangeOrder(
  deps: Pick<EffortDeps, 'customers' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  e: EngagementRecord,
  held: number,
): Promise<void> {
  const to = await managersOf(deps, trx, e);
  if (to.length === 0) return;
  const q = (n: number) => quantity(n, e.unit).display;
  const content = renderEmail({
    heading: `${e.number}: effort held, change order needed`,
    paragraphs: [
      `Billable effort on engagement ${e.number} (${e.title}) for ${e.customer_name} would take its consumption past the estimate plus the tolerance, so it is recorded but held: nothing is drawn from the retainer for it.`,
      "Draft a change order for the customer's approval; when it is approved the held effort is posted. Held effort still unbilled at close is written off.",
    ],
    facts: [
      ['Estimate', q(e.estimate)],
      ['Consumed', q(e.effort_consumed)],
      ['Held', q(held)],
    ],
    action: { label: 'Open the engagement', url: engagementUrl(deps, e) },
  });
  await deps.outbox.enqueueEmail(trx, {
    topic: 'engagement.effort_held',
    dedupeKey: `engagement-held:${e.id}:${e.estimate}`,
    to,
    subject: `${e.number}: effort held, change order needed`,
    ...content,
  });
}
