import { Alert, Button, Group, Image, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { isReceiptType, MAX_RECEIPT_BYTES, receiptTypes } from '../../../shared/expenses.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { localToday } from '../timesheet/sheet.ts';
import { FileField, splitUploadError } from './FileField.tsx';
import { useFileExpense, type ExpenseCategory } from './expenses.api.ts';
import { categoryLabels, categoryOptions, formatBytes } from './expenses.labels.ts';
import { amountPlaceholder, currencyOptions, readMoney } from './money.ts';

/** What the server accepts as a receipt (it decides from the content; this is only a hint before sending). */
const receiptAccept = receiptTypes.join(',');
/** The server's size limit in words ("10 MB"). */
const maxReceiptText = `${MAX_RECEIPT_BYTES / (1024 * 1024)} MB`;
/** A warning about the chosen file before it is sent (the server checks the content and has the last word). */
function receiptHint(file: File | null): string | null {
  if (!file) return null;
  if (file.size > MAX_RECEIPT_BYTES)
    return `This file is ${formatBytes(file.size)}: receipts may be at most ${maxReceiptText}. Scan it at a lower resolution or as a PDF.`;
  if (file.type && !isReceiptType(file.type))
    return `This file looks like ${file.type}; receipts must be PDF, PNG or JPEG. The server checks the content when you send it.`;
  return null;
}

/**
 * "Add expense": date, category, amount in the currency (sent in minor units), note and the receipt file.
 * The currency starts as the contract's (else the firm's default), as the server would choose it.
 */
export function AddExpenseDialog({
  engagementId,
  defaultCurrency,
  opened,
  onClose,
}: {
  engagementId: string;
  defaultCurrency: string;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add expense" size="lg">
      {opened ? (
        <AddExpenseForm engagementId={engagementId} defaultCurrency={defaultCurrency} onClose={onClose} />
      ) : null}
    </Modal>
  );
}

/** A local address for a chosen image file, to show it before sending; released when the file changes. */
function useImagePreview(receipt: File | null): string | null {
  const preview = useMemo(
    () => (receipt && receipt.type.startsWith('image/') ? URL.createObjectURL(receipt) : null),
    [receipt],
  );
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );
  return preview;
}

/** The amount as on the receipt and its currency (never converted). */
function AmountFields({
  amountText,
  setAmountText,
  currency,
  setCurrency,
  amountError,
  currencyError,
}: {
  amountText: string;
  setAmountText: (text: string) => void;
  currency: string;
  setCurrency: (currency: string) => void;
  amountError: string | null | undefined;
  currencyError: string | undefined;
}) {
  return (
    <Group grow align="flex-start">
      <TextInput
        label="Amount"
        required
        inputMode="decimal"
        placeholder={amountPlaceholder(currency)}
        description="As on the receipt, in its currency."
        value={amountText}
        onChange={(e) => setAmountText(e.currentTarget.value)}
        error={amountError}
        autoComplete="off"
      />
      <NativeSelect
        label="Currency"
        description="ISO 4217; never converted."
        data={currencyOptions}
        value={currency}
        onChange={(e) => setCurrency(e.currentTarget.value)}
        error={currencyError}
      />
    </Group>
  );
}

function AddExpenseForm({
  engagementId,
  defaultCurrency,
  onClose,
}: {
  engagementId: string;
  defaultCurrency: string;
  onClose: () => void;
}) {
  const file = useFileExpense(engagementId);
  const [date, setDate] = useState(localToday);
  const [category, setCategory] = useState<ExpenseCategory>('airfare');
  const [amountText, setAmountText] = useState('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [note, setNote] = useState('');
  const [receipt, setReceipt] = useState<File | null>(null);
  const [tried, setTried] = useState(false);
  const amount = readMoney(amountText, currency);
  const preview = useImagePreview(receipt);
  const { fields, general } = splitUploadError(file.error, 'receipt', [
    'RECEIPT_TYPE_NOT_ALLOWED',
    'RECEIPT_TOO_LARGE',
  ]);

  const amountError =
    amount.message ?? (tried && amount.amount === null ? 'Enter the amount, e.g. 612.30' : null) ?? fields['amount'];
  const receiptError = (tried && !receipt ? 'Attach the receipt (PDF, PNG or JPEG).' : null) ?? fields['receipt'];
  const hint = receiptHint(receipt);

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (amount.amount === null || !receipt) return;
    file.mutate(
      { date, category, amount: amount.amount, currency, note, receipt },
      {
        onSuccess: (x) => {
          notifications.show({
            color: 'green',
            title: 'Expense filed',
            message: `${x.amount.display} (${categoryLabels[x.category].toLowerCase()}) awaits an IR manager's approval.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add expense">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Travel and expenses are billed to the customer at cost, separately: they never draw the retainer down.
        </Text>
        {general ? <ErrorAlert error={general} title="Could not file the expense" /> : null}
        <Group grow align="flex-start">
          <TextInput
            label="Date"
            type="date"
            required
            value={date}
            max={localToday()}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={fields['date']}
            data-autofocus
          />
          <NativeSelect
            label="Category"
            data={categoryOptions}
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value as ExpenseCategory)}
            error={fields['category']}
          />
        </Group>
        <AmountFields
          amountText={amountText}
          setAmountText={setAmountText}
          currency={currency}
          setCurrency={setCurrency}
          amountError={amountError}
          currencyError={fields['currency']}
        />
        <Textarea
          label="Note"
          placeholder="Flight ORD–DUB, hotel 3 nights…"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fields['note']}
        />
        <FileField
          id="expense-receipt"
          label="Receipt"
          hint={`PDF, PNG or JPEG, at most ${maxReceiptText}. The server checks the file's content, not its name.`}
          accept={receiptAccept}
          file={receipt}
          onChange={setReceipt}
          error={receiptError}
        />
        {hint ? (
          <Alert color="yellow" variant="light" p="xs">
            <Text size="sm">{hint}</Text>
          </Alert>
        ) : null}
        {preview ? <Image src={preview} alt="The receipt you chose" mah={200} fit="contain" radius="sm" /> : null}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={file.isPending}>
            File expense
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
