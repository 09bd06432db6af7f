import type { MantineColor } from '@mantine/core';
import type { ContractStatus, ContractUnit, LedgerKind } from '../../api/types.ts';
import { labels } from '../../../shared/labels.ts';

/** Ledger entry kinds as people read them, and the colour of their badge. */
const ledgerKindColors: Record<LedgerKind, MantineColor> = {
  grant: 'brand',
  top_up: 'green',
  reserve: 'orange',
  release: 'yellow',
  consume: 'red',
  minimum_true_up: 'red',
  adjustment: 'grape',
  reversal: 'grape',
  expire: 'gray',
  rollover_out: 'cyan',
  rollover_in: 'cyan',
};

/** Ledger entry kinds as people read them (shared/labels.ts), and the colour of their badge. */
export const ledgerKindLabels = Object.fromEntries(
  (Object.keys(ledgerKindColors) as LedgerKind[]).map((k) => [
    k,
    { label: labels.ledgerKind[k], color: ledgerKindColors[k] },
  ]),
) as Record<LedgerKind, { label: string; color: MantineColor }>;

export const ledgerKindOptions = (Object.entries(ledgerKindLabels) as [LedgerKind, { label: string }][]).map(
  ([value, { label }]) => ({ value, label }),
);

/** Contract statuses: active green, draft grey, expired orange, terminated red. */
export const contractStatusColors: Record<ContractStatus, MantineColor> = {
  draft: 'gray',
  active: 'green',
  expired: 'orange',
  terminated: 'red',
};

export const unitLabels: Record<ContractUnit, string> = labels.contractUnit;

/** What to type in an amount field of this unit. */
export const amountPlaceholder = (unit: ContractUnit): string => (unit === 'hours' ? '40h, 1h30m or 90m' : '12.5su');

export const overdraftLabels = {
  block: 'Block (refuse past zero)',
  allow_up_to: 'Allow up to a limit',
  allow: 'Allow (flag as overage)',
} as const;
export const expiryLabels = { expire: 'Expire at term end', rollover: 'Roll over a share to the renewal' } as const;

export { actorName } from '../../../shared/names.ts';
