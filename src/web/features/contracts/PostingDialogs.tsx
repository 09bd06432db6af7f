import { Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Contract } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { newIdempotencyKey, splitError } from '../customers/form.ts';
import { readAmount } from './amount.ts';
import { AmountInput } from './AmountInput.tsx';
import { usePosting, useTerms } from './contracts.api.ts';
import { minorToDecimal, parseMinor, priceLine } from '../../../shared/money.ts';
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

// eslint-disable-next-line max-lines-per-function -- one dialog for two postings; the top-up's price fields read in place
function PostingForm({ contract, kind, onClose }: { contract: Contract; kind: Kind; onClose: () => void }) {
  const [key] = useState(newIdempotencyKey);
  const post = usePosting(contract.id);
  const [amountText, setAmountText] = useState('');
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const terms = useTerms(contract.id, kind === 'top-up');
  const fullTerms = terms.data?.terms && 'topupRate' in terms.data.terms ? terms.data.terms : null;
  const currency = fullTerms?.currency ?? null;
  const [priceText, setPriceText] = useState('');
  const [priceTouched, setPriceTouched] = useState(false);
  const [priceProblem, setPriceProblem] = useState<string | undefined>();
  const [purchaseOrder, setPurchaseOrder] = useState('');
  const textField = kind === 'top-up' ? 'reference' : 'reason';
  const { fields, general } = splitError(post.error, ['amount', textField]);
  const signed = kind === 'adjustment';
  const changeAmount = (v: string) => {
    setAmountText(v);
    setLocal(undefined);
    // The contract's rate × quantity is offered as the price until the person types one.
    if (kind === 'top-up' && !priceTouched && fullTerms?.topupRate) {
      const read = readAmount(v, contract.unit, { signed: false });
      const line =
        read.amount !== null && !read.message
          ? priceLine(fullTerms.topupRate.amountMinor, read.amount, contract.unit === 'hours' ? 'minute' : 'centiunit')
          : null;
      setPriceText(line?.ok ? minorToDecimal(line.amountMinor, fullTerms.currency) : '');
    }
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
    if (kind === 'top-up') {
      let price: { amountMinor: number; currency: string } | undefined;
      if (priceText.trim() && currency) {
        const parsed = parseMinor(priceText, currency);
        if (!parsed.ok) {
          setPriceProblem(parsed.message);
          return;
        }
        price = { amountMinor: parsed.amountMinor, currency };
      }
      setPriceProblem(undefined);
      const po = purchaseOrder.trim();
      post.mutate(
        {
          kind: 'top-ups',
          key,
          body: {
            amount: read.amount,
            reference: text.trim(),
            ...(price ? { price } : {}),
            ...(po ? { purchaseOrder: po } : {}),
          },
        },
        { onSuccess },
      );
    } else post.mutate({ kind: 'adjustments', key, body: { amount: read.amount, reason: text.trim() } }, { onSuccess });
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
            {currency ? (
              <>
                <TextInput
                  label={`Price (${currency})`}
                  description={
                    fullTerms?.topupRate
                      ? `Offered from the contract's rate ${fullTerms.topupRate.display} × the amount; change it if agreed otherwise.`
                      : 'The agreed price of this top-up (optional).'
                  }
                  inputMode="decimal"
                  value={priceText}
                  onChange={(e) => {
                    setPriceText(e.currentTarget.value);
                    setPriceTouched(true);
                  }}
                  error={priceProblem ?? fields['price']}
                  autoComplete="off"
                />
                <TextInput
                  label="Purchase order"
                  description="Recorded with the price, for invoicing."
                  value={purchaseOrder}
                  onChange={(e) => setPurchaseOrder(e.currentTarget.value)}
                  error={fields['purchaseOrder']}
                  autoComplete="off"
                />
              </>
            ) : terms.data?.status === 'missing' ? (
              <Text size="sm" c="dimmed">
                No commercial terms: this top-up is recorded without a price (set the terms to price top-ups).
              </Text>
            ) : null}
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
