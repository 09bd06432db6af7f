import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { useDecideExpense, type Expense } from './expenses.api.ts';
import { categoryLabels } from './expenses.labels.ts';

/** Approve and Reject buttons of a pending expense (IR managers and admins; never one's own). */
export function DecideButtons({ expense, onReject }: { expense: Expense; onReject: (expense: Expense) => void }) {
  const decide = useDecideExpense();
  const busy = decide.isPending && decide.variables?.id === expense.id;
  function approve() {
    decide.mutate(
      { id: expense.id, decision: 'approve' },
      {
        onSuccess: (x) =>
          notifications.show({
            color: 'green',
            title: 'Expense approved',
            message: `${x.amount.display} of ${x.userName} is approved, billed at cost.`,
          }),
        onError: (e) =>
          notifications.show({ color: 'red', title: 'Could not approve the expense', message: errorMessage(e) }),
      },
    );
  }
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap">
      <Button
        size="compact-sm"
        color="green"
        variant="light"
        loading={busy}
        onClick={approve}
        aria-label={`Approve ${expense.amount.display} of ${expense.userName}`}
      >
        Approve
      </Button>
      <Button
        size="compact-sm"
        color="red"
        variant="subtle"
        onClick={() => onReject(expense)}
        aria-label={`Reject ${expense.amount.display} of ${expense.userName}`}
      >
        Reject
      </Button>
    </Group>
  );
}

/** Reject with a reason: the consultant who filed it gets it by email. */
export function RejectExpenseDialog({ expense, onClose }: { expense: Expense | null; onClose: () => void }) {
  return (
    <Modal
      opened={expense !== null}
      onClose={onClose}
      title={expense ? `Reject ${expense.amount.display}` : 'Reject expense'}
    >
      {expense ? <RejectForm key={expense.id} expense={expense} onClose={onClose} /> : null}
    </Modal>
  );
}

function RejectForm({ expense, onClose }: { expense: Expense; onClose: () => void }) {
  const decide = useDecideExpense();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const fieldError = decide.error && isApiError(decide.error) ? decide.error.fieldErrors()['reason'] : undefined;
  const tooShort = reason.trim().length < 3;

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (tooShort) return;
    decide.mutate(
      { id: expense.id, decision: 'reject', reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Expense rejected',
            message: `${expense.userName} is told why by email.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Reject expense">
      <Stack gap="md">
        <Text size="sm">
          {expense.userName} filed it for{' '}
          <Text span fw={600}>
            {expense.note || categoryLabels[expense.category].toLowerCase()}
          </Text>
          . They get your reason by email; a rejected expense stays on record and is never billed.
        </Text>
        {decide.error && !fieldError ? <ErrorAlert error={decide.error} title="Could not reject the expense" /> : null}
        <Textarea
          label="Reason"
          required
          autosize
          minRows={2}
          maxLength={1000}
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={(tried && tooShort ? 'Say briefly why (at least 3 characters).' : null) ?? fieldError}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={decide.isPending}>
            Reject expense
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
