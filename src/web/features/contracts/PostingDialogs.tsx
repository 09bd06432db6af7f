import { Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Contract } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { newIdempotencyKey, splitError } from '../customers/form.ts';
import { readAmount } from './amount.ts';
import { AmountInput } from './AmountInput.tsx';
import { usePosting } from './contracts.api.ts';
import { FormActions } from '../customers/FormParts.tsx';

type Kind = 'top-up' | 'adjustment';

/**
 * A top-up (admin, account manager: units bought, with the PO reference) or an adjustment (admin: a
 * signed correction, with a reason). The dialog makes one Idempotency-Key when it opens: a double click
 * or a retry posts once, and the server's refusal (CONTRACT_NOT_ACTIVE, …) is shown as it says it.
 */
export function PostingDialog({
  contract,
  kind,
  onClose,
}: {
  contract: Contract;
  kind: Kind | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={kind !== null}
      onClose={onClose}
      title={kind === 'adjustment' ? `Adjust ${contract.number}` : `Top up ${contract.number}`}
      size="md"
    >
      {kind ? <PostingForm contract={contract} kind={kind} onClose={onClose} /> : null}
    </Modal>
  );
}

function PostingForm({ contract, kind, onClose }: { contract: Contract; kind: Kind; onClose: () => void }) {
  const [key] = useState(newIdempotencyKey);
  const post = usePosting(contract.id);
  const [amountText, setAmountText] = useState('');
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const textField = kind === 'top-up' ? 'reference' : 'reason';
  const { fields, general } = splitError(post.error, ['amount', textField]);
  const signed = kind === 'adjustment';
  const changeAmount = (v: string) => {
    setAmountText(v);
    setLocal(undefined);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    if (post.isPending) return;
    const read = readAmount(amountText, contract.unit, { signed });
    const problem = read.message ?? (read.amount === null ? 'is required' : undefined);
    setLocal(problem);
    if (problem || read.amount === null) return;
    const onSuccess = (posted: {
      entry: { amount: { display: string }; balanceAfter: { display: string }; availableAfter: { display: string } };
    }) => {
      notifications.show({
        color: 'green',
        title: kind === 'top-up' ? 'Top-up posted' : 'Adjustment posted',
        message: `${posted.entry.amount.display} on ${contract.number}. Balance ${posted.entry.balanceAfter.display}, available ${posted.entry.availableAfter.display}.`,
      });
      onClose();
    };
    if (kind === 'top-up')
      post.mutate({ kind: 'top-ups', key, body: { amount: read.amount, reference: text.trim() } }, { onSuccess });
    else post.mutate({ kind: 'adjustments', key, body: { amount: read.amount, reason: text.trim() } }, { onSuccess });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={kind === 'top-up' ? 'Top up' : 'Adjust the balance'}>
      <Stack gap="md">
        {general ? (
          <ErrorAlert
            error={general}
            title={kind === 'top-up' ? 'The top-up was refused' : 'The adjustment was refused'}
          />
        ) : null}
        {kind === 'top-up' ? (
          <>
            <AmountInput
              label="Amount"
              unit={contract.unit}
              value={amountText}
              onChange={changeAmount}
              error={local ?? fields['amount']}
              required
              autoFocus
            />
            <TextInput
              label="Reference"
              required
              placeholder="PO-4711"
              description="Purchase order or invoice reference."
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fields['reference']}
              autoComplete="off"
            />
          </>
        ) : (
          <>
            <AmountInput
              label="Amount"
              unit={contract.unit}
              signed
              value={amountText}
              onChange={changeAmount}
              error={local ?? fields['amount']}
              description={
                contract.unit === 'hours'
                  ? 'Positive credits the contract (2h), negative debits it (-2h).'
                  : 'Positive credits the contract (5su), negative debits it (-5su).'
              }
              required
              autoFocus
            />
            <Textarea
              label="Reason"
              required
              autosize
              minRows={2}
              description="Shown in the ledger and on statements."
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fields['reason']}
            />
          </>
        )}
        <Text size="xs" c="dimmed">
          Ledger entries cannot be edited or deleted; a mistake is corrected with an adjustment.
        </Text>
        <FormActions
          onCancel={onClose}
          submit={kind === 'top-up' ? 'Post top-up' : 'Post adjustment'}
          loading={post.isPending}
        />
      </Stack>
    </form>
  );
}
