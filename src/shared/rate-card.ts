/**
 * A rate card: what converts logged minutes into retainer units (domain.md, Ledger rules → Conversion),
 * frozen with the work it priced (issue 17): an EWO version and a change order store the card they were
 * priced with when sent; approval refuses a card that is no longer the contract's; the engagement carries
 * the card of its EWO, then of its latest approved change order, and converts effort with it. Pure and
 * browser-safe: the words are what customers and staff read.
 */
import { z } from 'zod';
import { ContractSettings } from './contracts/contract-settings.ts';
import { activities, type Activity } from './domain.ts';
import type { ContractUnit } from './units.ts';

/** The settings of a contract that conversion and closing read. */
export const RateCardSettings = ContractSettings.pick({
  roundingIncrementMinutes: true,
  activityMultipliers: true,
  afterHoursMultiplier: true,
  travelTimeBillable: true,
  minimumAppliesOnCancel: true,
});
export type RateCardSettings = z.output<typeof RateCardSettings>;

export const RateCard = z
  .object({
    unit: z.enum(['hours', 'service_units']),
    /** numeric(8,2) as a string ("1.50"), service-unit contracts only. */
    unitsPerHour: z.string().nullable(),
    settings: RateCardSettings,
  })
  .meta({ id: 'RateCard' });
export type RateCard = z.output<typeof RateCard>;

/** The rate card of a contract row as it is now (its settings parsed with the defaults of domain.md). */
export function rateCardOf(contract: {
  unit: ContractUnit;
  units_per_hour: string | null;
  settings: unknown;
}): RateCard {
  const s = ContractSettings.parse(contract.settings ?? {});
  return {
    unit: contract.unit,
    unitsPerHour: contract.units_per_hour,
    settings: {
      roundingIncrementMinutes: s.roundingIncrementMinutes,
      activityMultipliers: s.activityMultipliers,
      afterHoursMultiplier: s.afterHoursMultiplier,
      travelTimeBillable: s.travelTimeBillable,
      minimumAppliesOnCancel: s.minimumAppliesOnCancel,
    },
  };
}

/** "1.50" → "1.5", "2.00" → "2": a decimal as people write it. */
const decimal = (value: string): string => String(Number(value));

const activityWords: Record<Activity, string> = {
  kickoff: 'kick-off',
  status_meeting: 'status meetings',
  preparation: 'preparation',
  analysis: 'analysis',
  onsite_work: 'on-site work',
  deliverable_preparation: 'deliverable preparation',
  travel_time: 'travel time',
  scoping: 'scoping',
  internal: 'internal work',
};

/** Two cards are the same card when every figure is (key order aside). */
export function sameRateCard(a: RateCard, b: RateCard): boolean {
  const norm = (c: RateCard) =>
    JSON.stringify([
      c.unit,
      c.unitsPerHour === null ? null : decimal(c.unitsPerHour),
      c.settings.roundingIncrementMinutes,
      activities.map((x) => decimal(c.settings.activityMultipliers[x] ?? '1')),
      decimal(c.settings.afterHoursMultiplier),
      c.settings.travelTimeBillable,
      c.settings.minimumAppliesOnCancel,
    ]);
  return norm(a) === norm(b);
}

/** The card in sentences, for documents, approval pages and staff pages (no slugs, no ids). */
export function rateCardWords(card: RateCard): string[] {
  const s = card.settings;
  const raised = activities
    .filter((a) => decimal(s.activityMultipliers[a] ?? '1') !== '1')
    .map((a) => `${activityWords[a]} × ${decimal(s.activityMultipliers[a]!)}`);
  return [
    `Time is rounded up to ${s.roundingIncrementMinutes} minutes per entry.`,
    raised.length ? `Activity multipliers: ${raised.join(', ')}; other activities × 1.` : 'Every activity counts × 1.',
    decimal(s.afterHoursMultiplier) === '1'
      ? 'After-hours work counts × 1.'
      : `After-hours work counts × ${decimal(s.afterHoursMultiplier)}, on top of the activity multiplier.`,
    `Travel time ${s.travelTimeBillable ? 'is' : 'is not'} drawn from the retainer.`,
    ...(card.unit === 'service_units' && card.unitsPerHour
      ? [`One hour of work is ${decimal(card.unitsPerHour)} service units.`]
      : []),
    `The minimum billable effort ${s.minimumAppliesOnCancel ? 'also applies' : 'does not apply'} when the engagement is cancelled.`,
  ];
}

/** Which card applies, as the API shows it on an EWO version, a change order and an engagement. */
export const RateCardView = z
  .object({
    source: z
      .string()
      .describe('Where the card comes from, in words ("EWO-2026-0003 version 2", "change order CO-2026-0001").'),
    terms: z.array(z.string()).describe('The card in sentences, as documents and the approval page print it.'),
    card: RateCard,
  })
  .meta({ id: 'RateCardView' });
export type RateCardView = z.output<typeof RateCardView>;

export const rateCardView = (source: string, card: RateCard): RateCardView => ({
  source,
  terms: rateCardWords(card),
  card,
});
