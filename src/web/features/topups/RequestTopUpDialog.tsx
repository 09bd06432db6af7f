import { Modal, Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ContractUnit } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { readAmount } from '../contracts/amount.ts';
import { AmountInput } from '../contracts/AmountInput.tsx';
import { FormActions } from '../customers/FormParts.tsx';
import { splitError } from '../customers/form.ts';
import type { OfferedTopUpPackage } from './packages.api.ts';
import type { TopUpRequest, TopUpRequestBody } from './topups.api.ts';

/**
 * "Request more hours": the quantity (hours or service units, as typed) or one of the offered `packages`
 * (with its price), the purchase order and a note. `ask` is the mutation that sends it (signed in, or through
 * an approval link); `initialAmount` prefills the quantity (an approval's shortfall).
 */
export function RequestTopUpDialog({
  opened,
  onClose,
  unit,
  contractNumber,
  initialAmount,
  packages = [],
  ask,
  onAsked,
}: {
  opened: boolean;
  onClose: () => void;
  unit: ContractUnit;
  contractNumber: string;
  initialAmount?: string;
  packages?: OfferedTopUpPackage[];
  ask: UseMutationResult<TopUpRequest, Error, TopUpRequestBody>;
  onAsked?: (request: TopUpRequest) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Request more ${unit === 'hours' ? 'hours' : 'units'}`} size="md">
      {opened ? (
        <RequestForm
          unit={unit}
          contractNumber={contractNumber}
          initialAmount={initialAmount ?? ''}
          packages={packages}
          ask={ask}
          onClose={onClose}
          {...(onAsked ? { onAsked } : {})}
        />
      ) : null}
    </Modal>
  );
}

function RequestForm({
  unit,
  contractNumber,
  initialAmount,
  packages,
  ask,
  onClose,
  onAsked,
}: {
  unit: ContractUnit;
  contractNumber: string;
  initialAmount: string;
  packages: OfferedTopUpPackage[];
  ask: UseMutationResult<TopUpRequest, Error, TopUpRequestBody>;
  onClose: () => void;
  onAsked?: (request: TopUpRequest) => void;
}) {
  const [mode, setMode] = useState<'quantity' | 'package'>('quantity');
  const [packageId, setPackageId] = useState<string | null>(null);
  const [amountText, setAmountText] = useState(initialAmount);
  const [po, setPo] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<{ amount?: string; packageId?: string; purchaseOrder?: string }>({});
  const { fields, general } = splitError(ask.error, ['amount', 'packageId', 'purchaseOrder', 'note']);
  const byPackage = mode === 'package' && packages.length > 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (ask.isPending) return;
    const read = readAmount(amountText, unit);
    const quantityProblem = read.message || read.amount === null || read.amount <= 0;
    const problems = {
      ...(!byPackage && quantityProblem ? { amount: read.message ?? 'is required' } : {}),
      ...(byPackage && !packageId ? { packageId: 'choose a package' } : {}),
      ...(po.trim() ? {} : { purchaseOrder: 'is required' }),
    };
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const what = byPackage ? { packageId: packageId! } : { amount: read.amount! };
    ask.mutate(
      { ...what, purchaseOrder: po.trim(), ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (request) => {
          onAsked?.(request);
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Request more hours">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="The request was not sent" /> : null}
        <Text size="sm">
          Your account team is told at once; the {unit === 'hours' ? 'hours are' : 'units are'} added to retainer{' '}
          {contractNumber} when they accept.
        </Text>
        {packages.length > 0 ? (
          <SegmentedControl
            aria-label="Ask for"
            value={mode}
            onChange={(v) => setMode(v as 'quantity' | 'package')}
            data={[
              { value: 'quantity', label: unit === 'hours' ? 'Hours' : 'Service units' },
              { value: 'package', label: 'A package' },
            ]}
          />
        ) : null}
        {byPackage ? (
          <PackageChoice
            packages={packages}
            value={packageId}
            onChange={(v) => {
              setPackageId(v);
              setLocal((l) => ({ ...l, packageId: undefined }) as typeof l);
            }}
            error={local.packageId ?? fields['packageId']}
          />
        ) : (
          <AmountInput
            label={unit === 'hours' ? 'Hours' : 'Service units'}
            unit={unit}
            value={amountText}
            onChange={(v) => {
              setAmountText(v);
              setLocal((l) => ({ ...l, amount: undefined }) as typeof l);
            }}
            error={local.amount ?? fields['amount']}
            required
            autoFocus
          />
        )}
        <TextInput
          label="Purchase order"
          required
          placeholder="PO-4711"
          description="The top-up is recorded against it."
          value={po}
          onChange={(e) => setPo(e.currentTarget.value)}
          error={local.purchaseOrder ?? fields['purchaseOrder']}
          autoComplete="off"
        />
        <Textarea
          label="Note"
          autosize
          minRows={2}
          description="Optional: anything your account team should know."
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fields['note']}
        />
        <FormActions onCancel={onClose} submit="Send request" loading={ask.isPending} />
      </Stack>
    </form>
  );
}

/** The offered packages, each with its quantity and its price in the contract's currency. */
function PackageChoice({
  packages,
  value,
  onChange,
  error,
}: {
  packages: OfferedTopUpPackage[];
  value: string | null;
  onChange: (id: string) => void;
  error: string | undefined;
}) {
  return (
    <Radio.Group label="Package" required value={value} onChange={onChange} error={error}>
      <Stack gap="xs" mt="xs">
        {packages.map((p) => (
          <Radio key={p.id} value={p.id} label={`${p.name}: ${p.quantity.display} for ${p.price.display}`} />
        ))}
      </Stack>
    </Radio.Group>
  );
}
