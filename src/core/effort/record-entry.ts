import type { Executor } from '../../db/create-db.ts';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { isBillableActivity } from '../../shared/billing.ts';
import { quantity } from '../../shared/units.ts';
import { convertEffort, storedCard } from '../billing/billing.rules.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { engagementsRepo, type EngagementRecord } from '../engagements/engagements.repo.ts';
import type { EffortDeps, EffortPosted, EntryOptions, EntryValues } from './effort.deps.ts';
import { askForChangeOrder, warnEstimateShare } from './effort.notify.ts';
import { effortRepo, type EffortRow } from './effort.repo.ts';
import { billingStatusFor, crossesEstimateShare, toleranceLimit } from './effort.rules.ts';
import { settingsOf } from './effort.views.ts';

/** Consumes `amount` of the engagement's effort on the ledger (the reservation first); the key makes a retry count once. */
export async function consumeOnLedger(
  deps: Pick<EffortDeps, 'ledger'>,
  trx: Executor,
  ctx: Ctx,
  engagement: EngagementRecord,
  entryId: string,
  amount: number,
): Promise<string | null> {
  if (amount <= 0) return null;
  // No ledger key: the entry id is new, and the effort's own Idempotency-Key (or the held entry's status, changed in this transaction) prevents a second posting.
  const consumed = await deps.ledger.consume(trx, ctx, {
    contractId: engagement.contract_id,
    engagementId: engagement.id,
    amount,
    reference: `effort ${entryId}`,
  });
  return consumed.entry.id;
}

/**
 * One entry converted and its billing status decided, before anything is written. It converts with the
 * engagement's frozen rate card (issue 17): its EWO's, or its latest approved change order's when the
 * entry is logged; the contract's card today prices only work approved after it. Effort held over the
 * estimate keeps this conversion when a change order later posts it.
 */
export function draftRow(
  deps: Pick<EffortDeps, 'clock' | 'ids'>,
  ctx: Ctx,
  engagement: EngagementRecord,
  values: EntryValues,
  options: EntryOptions,
): { row: EffortRow; settings: ContractSettings } {
  const settings = settingsOf(engagement);
  const card = storedCard(engagement.rate_card);
  const billable = isBillableActivity(values.activity, card.settings);
  const conversion = convertEffort(values.minutes, values.activity, values.afterHours, card);
  const amount = billable ? conversion.amount : 0;
  const billingStatus = billingStatusFor({
    billable,
    pricingMode: engagement.pricing_mode,
    amount,
    consumed: engagement.effort_consumed,
    held: engagement.effort_held,
    estimate: engagement.estimate,
    tolerancePercent: settings.estimateTolerancePercent,
  });
  const now = deps.clock.now();
  const row: EffortRow = {
    id: deps.ids.next('eff'),
    engagement_id: engagement.id,
    contract_id: engagement.contract_id,
    user_id: values.userId,
    work_date: values.date,
    minutes: values.minutes,
    rounded_minutes: conversion.roundedMinutes,
    weighted_minutes: conversion.weightedMinutes,
    amount,
    activity: values.activity,
    after_hours: values.afterHours,
    billable,
    billing_status: billingStatus,
    status: 'active',
    note: values.note,
    ledger_entry_id: null,
    reversal_entry_id: null,
    replaces_id: options.replacesId ?? null,
    replaced_by_id: null,
    correction_reason: null,
    corrected_at: null,
    corrected_by: null,
    posted_at: billingStatus === 'consumed' ? now : null,
    written_off_at: null,
    idempotency_key: options.key ?? null,
    request_hash: options.requestHash ?? null,
    created_by_user_id: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    created_by: actorLabel(ctx.actor),
    created_at: now,
  };
  return { row, settings };
}

/**
 * Converts and records one entry on the locked engagement `engagement` (whose cached sums it moves): consumed on
 * the ledger, held, fixed price or non-billable. A ledger refusal throws before anything is written.
 */
export async function recordEntry(
  deps: EffortDeps,
  trx: Executor,
  ctx: Ctx,
  engagement: EngagementRecord,
  values: EntryValues,
  options: EntryOptions = {},
): Promise<{ row: EffortRow; warnings: EffortPosted['warnings'] }> {
  const { row, settings } = draftRow(deps, ctx, engagement, values, options);
  const { amount, billing_status: billingStatus, created_at: now } = row;
  if (billingStatus === 'consumed')
    row.ledger_entry_id = await consumeOnLedger(deps, trx, ctx, engagement, row.id, amount);
  await effortRepo.insert(trx, row);
  const warnings: EffortPosted['warnings'] = [];
  const before = engagement.effort_consumed;
  if (billingStatus === 'consumed') {
    await engagementsRepo.addEffortSums(trx, engagement.id, { consumed: amount }, now);
    engagement.effort_consumed += amount;
    if (crossesEstimateShare(before, engagement.effort_consumed, engagement.estimate))
      await warnEstimateShare(deps, trx, engagement, engagement.effort_consumed);
  } else if (billingStatus === 'held') {
    await engagementsRepo.addEffortSums(trx, engagement.id, { held: amount }, now);
    engagement.effort_held += amount;
    const limit = toleranceLimit(engagement.estimate, settings.estimateTolerancePercent);
    warnings.push({
      code: 'ESTIMATE_EXCEEDED',
      message: `Recorded but held: engagement ${engagement.number} has consumed ${quantity(before, engagement.unit).display} of ${quantity(limit, engagement.unit).display} (estimate plus ${settings.estimateTolerancePercent} % tolerance)${engagement.effort_held > amount ? ' and earlier effort is already held' : ''}. Nothing was drawn; an IR manager has been asked for a change order, and held effort is posted when one is approved.`,
    });
    await askForChangeOrder(deps, trx, engagement, engagement.effort_held);
  }
  return { row, warnings };
}
