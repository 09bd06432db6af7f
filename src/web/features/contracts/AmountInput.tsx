import { Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatAmount, ledgerUnitOf } from '../../../shared/units.ts';
import type { ContractUnit } from '../../api/types.ts';
import { readAmount } from './amount.ts';
import { amountPlaceholder } from './contract-labels.ts';

/**
 * An amount as a person types it ("40h", "1h30m", "12.5su") in the contract's unit, with what it means
 * shown under the field before anything is sent ("= 40h 00m"). A plain number is read in ledger units
 * (minutes, hundredths), as the API takes it. What does not parse is said when the field is left (or
 * by the form on submit, through `error`); server field errors show the same way.
 */
export function AmountInput({
  label,
  unit,
  value,
  onChange,
  error,
  signed,
  description,
  required,
  autoFocus,
}: {
  label: string;
  unit: ContractUnit;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  signed?: boolean;
  description?: string;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const [left, setLeft] = useState(false);
  const read = readAmount(value, unit, { signed: Boolean(signed) });
  const hint =
    read.amount !== null ? (
      <Text span size="xs" c="dimmed" data-testid="amount-preview">
        = {formatAmount(read.amount, ledgerUnitOf(unit))}
      </Text>
    ) : (
      (description ??
      (unit === 'hours'
        ? 'Hours and minutes, e.g. 40h or 7h30m. A plain number counts minutes.'
        : 'Service units, e.g. 12.5su. A plain number counts hundredths.'))
    );
  return (
    <TextInput
      label={label}
      placeholder={amountPlaceholder(unit)}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => setLeft(true)}
      description={hint}
      error={error ?? (left ? read.message : null) ?? undefined}
      required={required}
      autoComplete="off"
      inputMode="text"
      data-autofocus={autoFocus || undefined}
    />
  );
}
