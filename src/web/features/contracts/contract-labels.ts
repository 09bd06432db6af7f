import type { MantineColor } from '@mantine/core';
import { ledgerKindNames } from '../../../shared/contracts/ledger.ts';
import type { ContractStatus, ContractUnit, LedgerKind } from '../../api/types.ts';

/** Ledger entry kinds as people read them, and the colour of their badge. */
export const ledgerKindLabels: Record<LedgerKind, { label: string; color: MantineColor }> = {
  grant: { label: ledgerKindNames.grant, color: 'brand' },
  top_up: { label: ledgerKindNames.top_up, color: 'green' },
  reserve: { label: ledgerKindNames.reserve, color: 'orange' },
  release: { label: ledgerKindNames.release, color: 'yellow' },
  consume: { label: ledgerKindNames.consume, color: 'red' },
  minimum_true_up: { label: ledgerKindNames.minimum_true_up, color: 'red' },
  adjustment: { label: ledgerKindNames.adjustment, color: 'grape' },
  reversal: { label: ledgerKindNames.reversal, color: 'grape' },
  expire: { label: ledgerKindNames.expire, color: 'gray' },
  rollover_out: { label: ledgerKindNames.rollover_out, color: 'cyan' },
  rollover_in: { label: ledgerKindNames.rollover_in, color: 'cyan' },
};

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

export const unitLabels: Record<ContractUnit, string> = { hours: 'Hours', service_units: 'Service units' };

/** What to type in an amount field of this unit. */
export const amountPlaceholder = (unit: ContractUnit): string => (unit === 'hours' ? '40h, 1h30m or 90m' : '12.5su');

export const overdraftLabels = {
  block: 'Block (refuse past zero)',
  allow_up_to: 'Allow up to a limit',
  allow: 'Allow (flag as overage)',
} as const;
export const expiryLabels = { expire: 'Expire at term end', rollover: 'Roll over a share to the renewal' } as const;

export { actorName } from '../../../shared/names.ts';
