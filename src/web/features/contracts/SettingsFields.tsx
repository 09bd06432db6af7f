import { Checkbox, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ContractUnit } from '../../api/types.ts';
import { AmountInput } from './AmountInput.tsx';
import { expiryLabels, overdraftLabels } from './contract-labels.ts';
import type { DraftField, SettingsDraft } from './settings-draft.ts';

const numberOrEmpty = (v: string | number): number | '' => (typeof v === 'number' ? v : v === '' ? '' : Number(v));

/** What the settings inputs are given: the draft, its setters, the unit and the problems by field. */
interface FieldsProps {
  draft: SettingsDraft;
  set: <K extends DraftField>(field: K, value: SettingsDraft[K]) => void;
  num: (field: DraftField) => (value: string | number) => void;
  unit: ContractUnit;
  errors: Partial<Record<DraftField, string>>;
}

/** The settings beyond what a new contract decides: tolerance, multipliers, alerts, minimums and flags. */
function MoreSettingsFields({ draft, set, num, unit, errors }: FieldsProps) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <NumberInput
          label="Estimate tolerance (%)"
          description="Past it, effort waits for a change order."
          min={0}
          max={100}
          allowDecimal={false}
          value={draft.estimateTolerancePercent}
          onChange={num('estimateTolerancePercent')}
          error={errors.estimateTolerancePercent}
        />
        <TextInput
          label="After-hours multiplier"
          description='A decimal such as "1.5".'
          value={draft.afterHoursMultiplier}
          onChange={(e) => set('afterHoursMultiplier', e.currentTarget.value)}
          error={errors.afterHoursMultiplier}
        />
        <TextInput
          label="Alerts at (% consumed)"
          description="Comma-separated: 50, 75, 90, 100."
          value={draft.alertThresholds}
          onChange={(e) => set('alertThresholds', e.currentTarget.value)}
          error={errors.alertThresholds}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <AmountInput
          label="Minimum billable, emergency"
          unit={unit}
          value={draft.minimumEmergency}
          onChange={(v) => set('minimumEmergency', v)}
          error={errors.minimumEmergency}
          description="Per engagement. Empty: none."
        />
        <AmountInput
          label="Minimum billable, proactive"
          unit={unit}
          value={draft.minimumProactive}
          onChange={(v) => set('minimumProactive', v)}
          error={errors.minimumProactive}
          description="Per engagement. Empty: none."
        />
      </SimpleGrid>
      <Stack gap="xs">
        <Checkbox
          label="Minimum billable applies when an engagement is cancelled"
          checked={draft.minimumAppliesOnCancel}
          onChange={(e) => set('minimumAppliesOnCancel', e.currentTarget.checked)}
        />
        <Checkbox
          label="Travel time is drawn from the retainer"
          checked={draft.travelTimeBillable}
          onChange={(e) => set('travelTimeBillable', e.currentTarget.checked)}
        />
        <Checkbox
          label="Customers see individual effort entries (otherwise totals only)"
          checked={draft.customerSeesEffortDetail}
          onChange={(e) => set('customerSeesEffortDetail', e.currentTarget.checked)}
        />
      </Stack>
    </>
  );
}

/**
 * The inputs of a contract's settings. `main` shows what a new contract needs to decide (overdraft,
 * rounding, expiry, lead time, statement day); `all` adds minimums, tolerance, multipliers and flags.
 */
export function SettingsFields({
  draft,
  onChange,
  unit,
  errors,
  show,
}: {
  draft: SettingsDraft;
  onChange: (draft: SettingsDraft) => void;
  unit: ContractUnit;
  errors: Partial<Record<DraftField, string>>;
  show: 'main' | 'all';
}) {
  const set = <K extends DraftField>(field: K, value: SettingsDraft[K]) => onChange({ ...draft, [field]: value });
  const num = (field: DraftField) => (value: string | number) => set(field, numberOrEmpty(value) as never);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <NativeSelect
          label="Overdraft policy"
          description="When work would take the balance below zero."
          data={Object.entries(overdraftLabels).map(([value, label]) => ({ value, label }))}
          value={draft.overdraftMode}
          onChange={(e) => set('overdraftMode', e.currentTarget.value as SettingsDraft['overdraftMode'])}
          error={errors.overdraftMode}
        />
        <NativeSelect
          label="At term end"
          description="What happens to the available balance."
          data={Object.entries(expiryLabels).map(([value, label]) => ({ value, label }))}
          value={draft.expiryMode}
          onChange={(e) => set('expiryMode', e.currentTarget.value as SettingsDraft['expiryMode'])}
          error={errors.expiryMode}
        />
        {draft.overdraftMode === 'allow_up_to' ? (
          <AmountInput
            label="Overdraft limit"
            unit={unit}
            value={draft.overdraftLimit}
            onChange={(v) => set('overdraftLimit', v)}
            error={errors.overdraftLimit}
            description="How far below zero the balance may go."
            required
          />
        ) : null}
        {draft.expiryMode === 'rollover' ? (
          <NumberInput
            label="Share rolled over (%)"
            description="Of the available balance, when the contract is renewed."
            min={0}
            max={100}
            allowDecimal={false}
            value={draft.rolloverPercent}
            onChange={num('rolloverPercent')}
            error={errors.rolloverPercent}
          />
        ) : null}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <NumberInput
          label="Rounding (minutes)"
          description="Effort is rounded up to this."
          min={1}
          max={240}
          allowDecimal={false}
          value={draft.roundingIncrementMinutes}
          onChange={num('roundingIncrementMinutes')}
          error={errors.roundingIncrementMinutes}
        />
        <NumberInput
          label="Statement day"
          description="Day of the month (1–28)."
          min={1}
          max={28}
          allowDecimal={false}
          value={draft.statementDay}
          onChange={num('statementDay')}
          error={errors.statementDay}
        />
        <NumberInput
          label="Lead time override (days)"
          description="Empty: catalog and firm setting."
          min={0}
          max={365}
          allowDecimal={false}
          value={draft.leadTimeDaysOverride}
          onChange={num('leadTimeDaysOverride')}
          error={errors.leadTimeDaysOverride}
        />
      </SimpleGrid>
      {show === 'all' ? <MoreSettingsFields draft={draft} set={set} num={num} unit={unit} errors={errors} /> : null}
    </Stack>
  );
}
